"""신경망의 층: 원본 강좌의 `new_weights`, `new_conv_layer`, `flatten_layer`, `new_fc_layer`를
TensorFlow 2로 옮긴 것입니다.

TensorFlow 1에서는 함수가 그래프에 변수와 연산을 더했습니다. TensorFlow 2에서는 변수를 한 번
만들어 `tf.Module`에 담아 두고, 층을 부를 때마다 연산을 바로 실행합니다.
"""

from __future__ import annotations

from .config import POOLINGS
from .environment import import_tensorflow
from .validation import check_choice

tf = import_tensorflow()

# 활성화 함수의 이름 -> 함수. 이름들은 `config.ACTIVATIONS`와 같습니다(테스트가 확인합니다).
ACTIVATIONS = {"relu": tf.nn.relu, "sigmoid": tf.nn.sigmoid}


def activation_function(name: str):
    """활성화 함수 이름("relu", "sigmoid")의 함수. 모르는 이름이면 고를 수 있는 이름을 알려 줍니다."""
    return ACTIVATIONS[check_choice("activation", name, ACTIVATIONS)]


def new_weights(shape, seed=None, name: str = "weights") -> tf.Variable:
    """표준편차 0.05인 절단 정규분포(truncated normal)로 초기화한 가중치.

    `seed`가 정수 두 개 [a, b]이면 언제나 같은 값으로 시작합니다(상태 없는 난수).
    None이면 TensorFlow의 전역 난수 생성기를 씁니다.
    """
    if seed is None:
        initial = tf.random.truncated_normal(shape, stddev=0.05)
    else:
        initial = tf.random.stateless_truncated_normal(shape, seed=seed, stddev=0.05)
    return tf.Variable(initial, name=name)


def new_biases(length: int, name: str = "biases") -> tf.Variable:
    """모두 0.05로 시작하는 편향."""
    return tf.Variable(tf.fill([length], 0.05), name=name)


class ConvLayer(tf.Module):
    """합성곱 층: 합성곱 -> 편향 더하기 -> (2x2 풀링) -> 활성화."""

    def __init__(self, num_input_channels: int, filter_size: int, num_filters: int,
                 pooling: str = "max", activation: str = "relu",
                 activation_first: bool = False, seed=None, name: str | None = None):
        super().__init__(name=name)
        self.weights = new_weights([filter_size, filter_size, num_input_channels, num_filters], seed)
        self.biases = new_biases(num_filters)
        self.pooling = check_choice("pooling", pooling, POOLINGS)
        self.activate = activation_function(activation)
        self.activation_first = activation_first

    def __call__(self, x):
        stride = 2 if self.pooling == "stride" else 1
        x = tf.nn.conv2d(x, self.weights, strides=stride, padding="SAME") + self.biases
        if self.activation_first:
            x = self.activate(x)
        if self.pooling == "max":
            # (N, H, W, C) -> (N, H/2, W/2, C)
            x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
        elif self.pooling == "avg":
            x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="SAME")
        if not self.activation_first:
            # 풀링 뒤의 ReLU: relu(max_pool(x)) == max_pool(relu(x))이지만 계산은 1/4.
            x = self.activate(x)
        return x


def new_conv_layer(num_input_channels: int, filter_size: int, num_filters: int,
                   use_pooling: bool = True, **options) -> ConvLayer:
    """원본 강좌와 같은 인자 순서로 합성곱 층을 만듭니다.

    `use_pooling=False`이면 풀링을 하지 않습니다. `options`는 `ConvLayer`의 나머지 인자
    (`pooling`, `activation`, `activation_first`, `name`)입니다.
    """
    if not use_pooling:
        options["pooling"] = "none"
    return ConvLayer(num_input_channels, filter_size, num_filters, **options)


def flatten_layer(layer):
    """[이미지 수, 높이, 너비, 채널] -> [이미지 수, 높이 x 너비 x 채널]. (평탄화한 층, 특성 수)를 돌려줍니다."""
    num_features = layer.shape[1] * layer.shape[2] * layer.shape[3]
    return tf.reshape(layer, [-1, num_features]), num_features


class FCLayer(tf.Module):
    """완전 연결 층: 행렬 곱 + 편향, 그리고 (선택) 활성화."""

    def __init__(self, num_inputs: int, num_outputs: int, activation: str | None = "relu",
                 seed=None, name: str | None = None):
        super().__init__(name=name)
        self.weights = new_weights([num_inputs, num_outputs], seed)
        self.biases = new_biases(num_outputs)
        self.activate = activation_function(activation) if activation else None

    def __call__(self, x):
        x = tf.matmul(x, self.weights) + self.biases
        return self.activate(x) if self.activate else x


def new_fc_layer(num_inputs: int, num_outputs: int, use_relu: bool = True,
                 **options) -> FCLayer:
    """원본 강좌와 같은 인자 순서로 완전 연결 층을 만듭니다(`use_relu=False`: 활성화 없음)."""
    options.setdefault("activation", "relu")
    if not use_relu:
        options["activation"] = None
    return FCLayer(num_inputs, num_outputs, **options)
