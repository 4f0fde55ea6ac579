"""합성곱 신경망: 구성(`NetworkConfig`)에 따라 층을 쌓은 `tf.Module`."""

from __future__ import annotations

import numpy as np

from .config import NetworkConfig
from .environment import import_tensorflow, resolve_seed
from .korean import josa
from .layers import flatten_layer, new_conv_layer, new_fc_layer

tf = import_tensorflow()

# 층마다 가중치의 난수 시드 [seed, 층 번호]가 달라야 층끼리 같은 초깃값을 갖지 않습니다.
# 합성곱 층 i는 [seed, i], 완전 연결 층 i는 [seed, FC_SEED_OFFSET + i]를 씁니다.
# 합성곱 층이 100개를 넘지 않는 한 두 종류의 번호가 겹치지 않습니다.
FC_SEED_OFFSET = 100


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
        self._classify = None  # classify()가 처음 불릴 때 만드는 그래프
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
            new_fc_layer(sizes[i], sizes[i + 1], seed=[seed, FC_SEED_OFFSET + i], name=f"fc{i + 1}",
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
            f"입력 모양 {josa(shape, '은/는')} 쓸 수 없습니다. [이미지 수, {flat}] 또는 "
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
                    x = self._dropout(x, rate, dropout_seed, i)
        outputs["logits"] = x
        return outputs

    @staticmethod
    def _dropout(x, rate: float, dropout_seed, layer: int):
        """드롭아웃. `dropout_seed`(정수)가 있으면 (시드, 층 번호)로 정해지는 상태 없는 드롭아웃이라
        같은 시드면 언제나 같은 뉴런을 끕니다(Trainer는 반복 번호를 줍니다). 없으면 TensorFlow의
        전역 난수 생성기로 부를 때마다 새로 고릅니다(`reproducible()`이 그 시드를 정합니다)."""
        if dropout_seed is None:
            return tf.nn.dropout(x, rate)
        seed = tf.stack([tf.cast(dropout_seed, tf.int64), layer])
        return tf.nn.experimental.stateless_dropout(x, rate, seed=seed)

    def __call__(self, images, training: bool = False, dropout_seed=None):
        """로짓 [N, 클래스 수]. `training=True`일 때만 드롭아웃을 씁니다."""
        return self.layer_outputs(images, training, dropout_seed)["logits"]

    def classify(self, images):
        """이미지 배치 [N, 높이, 너비, 채널]의 예측 클래스 번호(가장 큰 로짓의 번호) [N].

        신경망마다 한 번만 추적(trace)한 그래프로 계산합니다. 입력 모양을 고정해 두어
        배치 크기가 바뀌어도 재추적 경고가 없습니다.
        """
        if self._classify is None:
            c = self.config
            signature = [tf.TensorSpec([None, c.img_size, c.img_size, c.num_channels], tf.float32)]
            function = tf.function(lambda x: tf.argmax(self(x), axis=1), input_signature=signature,
                                   autograph=False)
            self._classify = function.get_concrete_function()
        return self._classify(images)

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
