import numpy as np
import pytest

from cnn_course import flatten_layer, new_biases, new_conv_layer, new_fc_layer, new_weights
from cnn_course.environment import import_tensorflow

tf = import_tensorflow()


def test_new_weights_are_truncated_normal_with_stddev_005():
    w = new_weights([200, 200], seed=[1, 2]).numpy()
    assert np.abs(w).max() <= 0.1 + 1e-6  # 절단: 표준편차의 두 배 안
    assert 0.035 < w.std() < 0.05  # 절단 정규분포의 표준편차는 0.05 x 0.88
    assert abs(w.mean()) < 0.002


def test_new_weights_with_the_same_seed_are_identical():
    np.testing.assert_array_equal(new_weights([3, 4], seed=[7, 0]).numpy(),
                                  new_weights([3, 4], seed=[7, 0]).numpy())


def test_new_biases_start_at_005():
    np.testing.assert_array_equal(new_biases(4).numpy(), np.full(4, 0.05, np.float32))


def test_conv_layer_with_pooling_halves_the_size():
    layer = new_conv_layer(num_input_channels=1, filter_size=5, num_filters=16, seed=[0, 0])
    out = layer(tf.random.stateless_uniform([2, 28, 28, 1], seed=[0, 1]))
    assert out.shape == (2, 14, 14, 16)
    assert layer.weights.shape == (5, 5, 1, 16)
    assert float(tf.reduce_min(out)) >= 0  # ReLU


def test_conv_layer_without_pooling_keeps_the_size():
    layer = new_conv_layer(16, 5, 36, use_pooling=False, seed=[0, 0])
    assert layer(tf.zeros([1, 7, 7, 16])).shape == (1, 7, 7, 36)


def test_relu_after_pooling_equals_relu_before_pooling():
    x = tf.random.stateless_normal([2, 28, 28, 1], seed=[3, 4])
    after = new_conv_layer(1, 5, 16, seed=[5, 5])
    before = new_conv_layer(1, 5, 16, seed=[5, 5], activation_first=True)
    np.testing.assert_array_equal(after(x).numpy(), before(x).numpy())


def test_stride_two_instead_of_pooling_halves_the_size():
    layer = new_conv_layer(1, 5, 4, pooling="stride", seed=[0, 0])
    assert layer(tf.zeros([1, 28, 28, 1])).shape == (1, 14, 14, 4)


def test_flatten_layer_counts_features():
    flat, n = flatten_layer(tf.zeros([3, 7, 7, 36]))
    assert n == 1764 and flat.shape == (3, 1764)


def test_flatten_keeps_the_values_in_row_major_order():
    x = tf.reshape(tf.range(2 * 2 * 2 * 3, dtype=tf.float32), [2, 2, 2, 3])
    flat, _ = flatten_layer(x)
    np.testing.assert_array_equal(flat.numpy()[1], np.arange(12, 24))


def test_fc_layer_with_and_without_relu():
    x = -tf.ones([2, 4])
    with_relu = new_fc_layer(4, 3, seed=[0, 0])
    without = new_fc_layer(4, 3, use_relu=False, seed=[0, 0])
    assert float(tf.reduce_min(with_relu(x))) >= 0
    expected = x.numpy() @ without.weights.numpy() + 0.05
    np.testing.assert_allclose(without(x).numpy(), expected, rtol=1e-6)


def test_unknown_activation_is_rejected():
    message = "activation은 'relu', 'sigmoid' 중 하나여야 합니다(받은 값: 'tanh')."
    with pytest.raises(ValueError) as error:
        new_conv_layer(1, 3, 2, activation="tanh")
    assert str(error.value) == message
    with pytest.raises(ValueError, match="activation은 'relu', 'sigmoid' 중 하나"):
        new_fc_layer(4, 3, activation="tanh")
    with pytest.raises(ValueError, match="pooling은 'max', 'avg', 'none', 'stride' 중 하나"):
        new_conv_layer(1, 3, 2, pooling="min")


def test_layer_activations_are_the_configurable_ones():
    from cnn_course import config, layers

    assert tuple(layers.ACTIVATIONS) == config.ACTIVATIONS
