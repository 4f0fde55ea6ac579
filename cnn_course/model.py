"""합성곱 신경망: 구성(`NetworkConfig`)에 따라 층을 쌓은 `tf.Module`."""

from __future__ import annotations

import numpy as np

from .config import NetworkConfig
from .environment import import_tensorflow, resolve_seed
from .layers import flatten_layer, new_conv_layer, new_fc_layer

tf = import_tensorflow()


class ConvNet(tf.Module):
    """합성곱 층들 -> 평탄화 -> 완전 연결 층들 -> 로짓(logits).

    평탄한 이미지 [N, 784]나 [N, 28, 28, 1]을 받아 클래스마다 하나씩 로짓 [N, 10]을 돌려줍니다.
    """

    def __init__(self, config: NetworkConfig | None = None, seed: int | None = 0,
                 name: str = "conv_net"):
        """`seed`가 같으면 언제나 같은 가중치로 시작합니다. None이면 실행할 때마다 다릅니다."""
        super().__init__(name=name)
        self.config = config = config or NetworkConfig()
        if not isinstance(config, NetworkConfig):
            raise TypeError(f"ConvNet에는 NetworkConfig를 넘기세요(받은 값: {type(config).__name__}).")
        self.seed = seed = resolve_seed(seed)
        channels = (config.num_channels,) + config.num_filters
        self.conv_layers = [
            new_conv_layer(channels[i], size, count, pooling=config.pooling,
                           activation=config.activation, activation_first=config.activation_first,
                           seed=[seed, i], name=f"conv{i + 1}")
            for i, (size, count) in enumerate(zip(config.filter_sizes, config.num_filters))
        ]
        sizes = (config.num_features,) + config.fc_sizes + (config.num_classes,)
        last = len(sizes) - 2
        self.fc_layers = [
            new_fc_layer(sizes[i], sizes[i + 1], seed=[seed, 100 + i], name=f"fc{i + 1}",
                         activation=(config.activation if i < last
                                     else "relu" if config.activation_on_logits else None))
            for i in range(len(sizes) - 1)
        ]

    def as_images(self, images):
        """입력을 [N, 높이, 너비, 채널] 텐서로 바꿉니다. 모양이 맞지 않으면 무엇이 틀렸는지 알려 줍니다."""
        c = self.config
        dtype = getattr(images, "dtype", None)
        if dtype is not None and not (np.issubdtype(np.dtype(getattr(dtype, "as_numpy_dtype", dtype)), np.floating)):
            raise TypeError(
                f"이미지는 0~1 사이의 실수여야 합니다(받은 dtype: {dtype}). "
                "0~255 정수 이미지라면 255.0으로 나누어 넣으세요."
            )
        x = tf.convert_to_tensor(images, dtype=tf.float32)
        flat = c.img_size * c.img_size * c.num_channels
        shape = tuple(x.shape)
        if len(shape) == 2 and shape[1] == flat:
            return tf.reshape(x, [-1, c.img_size, c.img_size, c.num_channels])  # (N, 784) -> (N, 28, 28, 1)
        if len(shape) == 4 and shape[1:] == (c.img_size, c.img_size, c.num_channels):
            return x
        raise ValueError(
            f"입력 모양 {shape}을(를) 쓸 수 없습니다. [이미지 수, {flat}] 또는 "
            f"[이미지 수, {c.img_size}, {c.img_size}, {c.num_channels}] 모양으로 넣으세요. "
            "이미지 한 장이라면 images[None]처럼 배치 차원을 더하세요."
        )

    def layer_outputs(self, images, training: bool = False, dropout_seed=None) -> dict:
        """층마다의 출력을 이름(`conv1`, ..., `flat`, `fc1`, ..., `logits`) 순서대로 돌려줍니다."""
        x = self.as_images(images)
        outputs = {"input": x}
        for layer in self.conv_layers:
            x = layer(x)
            outputs[layer.name] = x  # 기본 구성: (N, 14, 14, 16), 그다음 (N, 7, 7, 36)
        x, _ = flatten_layer(x)  # (N, 7, 7, 36) -> (N, 1764)
        outputs["flat"] = x
        for i, layer in enumerate(self.fc_layers):
            x = layer(x)
            if i < len(self.fc_layers) - 1:
                outputs[layer.name] = x
                rate = self.config.dropout_rate
                if training and rate > 0:
                    seed = tf.stack([dropout_seed, i]) if dropout_seed is not None else [0, i]
                    x = tf.nn.experimental.stateless_dropout(x, rate, seed=seed)
        outputs["logits"] = x
        return outputs

    def __call__(self, images, training: bool = False, dropout_seed=None):
        """로짓 [N, 클래스 수]. `training=True`일 때만 드롭아웃을 씁니다."""
        return self.layer_outputs(images, training, dropout_seed)["logits"]

    def shape_summary(self) -> list[tuple[str, tuple]]:
        """층 이름과 출력 모양. 배치 차원(이미지 수)은 정해져 있지 않으므로 None으로 적습니다."""
        c = self.config
        probe = tf.zeros([1, c.img_size, c.img_size, c.num_channels])
        return [(name, (None,) + tuple(t.shape[1:])) for name, t in self.layer_outputs(probe).items()]

    @property
    def num_parameters(self) -> int:
        """학습하는 가중치와 편향의 개수. 기본 구성에서는 242,062개."""
        return int(sum(np.prod(v.shape) for v in self.trainable_variables))

    def conv_weights(self, index: int) -> np.ndarray:
        """합성곱 층 `index`(0부터)의 가중치 [필터 높이, 필터 너비, 입력 채널, 출력 채널]."""
        if not isinstance(index, int) or not 0 <= index < len(self.conv_layers):
            raise IndexError(f"합성곱 층 번호는 0부터 {len(self.conv_layers) - 1}까지입니다(받은 값: {index!r}).")
        return self.conv_layers[index].weights.numpy()

    def variables_by_name(self) -> dict:
        """저장과 불러오기에 쓰는 이름 -> 변수 표: `conv1/weights`, `fc2/biases`, ..."""
        return {f"{layer.name}/{kind}": getattr(layer, kind)
                for layer in self.conv_layers + self.fc_layers for kind in ("weights", "biases")}
