import numpy as np
import pytest

from cnn_course import ConvNet, NetworkConfig
from cnn_course.environment import import_tensorflow

tf = import_tensorflow()


@pytest.fixture(scope="module")
def net():
    return ConvNet()


def test_shapes_of_the_original_network(net):
    shapes = dict(net.shape_summary())
    assert shapes["conv1"] == (None, 14, 14, 16)
    assert shapes["conv2"] == (None, 7, 7, 36)
    assert shapes["flat"] == (None, 1764)
    assert shapes["fc1"] == (None, 128)
    assert shapes["logits"] == (None, 10)


def test_parameter_count_of_the_original_network(net):
    assert net.num_parameters == 242_062


def test_layer_two_has_16_times_36_filters(net):
    w = net.conv_weights(1)
    assert w.shape == (5, 5, 16, 36) and w.shape[2] * w.shape[3] == 576


def test_flat_and_square_images_give_the_same_logits(net):
    x = np.random.default_rng(0).random((3, 784), dtype=np.float32)
    np.testing.assert_array_equal(net(x).numpy(), net(x.reshape(3, 28, 28, 1)).numpy())


@pytest.mark.parametrize("shape", [(784,), (3, 28, 28), (3, 28, 28, 3), (2, 785)])
def test_wrong_input_shape_says_what_to_do(net, shape):
    with pytest.raises(ValueError, match="모양"):
        net(np.zeros(shape, np.float32))


def test_integer_images_are_rejected_with_a_hint(net):
    with pytest.raises(TypeError, match="255"):
        net(np.zeros((1, 784), np.uint8))


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = ConvNet(seed=3), ConvNet(seed=3), ConvNet(seed=4)
    np.testing.assert_array_equal(a.conv_weights(0), b.conv_weights(0))
    assert not np.array_equal(a.conv_weights(0), c.conv_weights(0))


def test_no_seed_gives_different_weights_each_time():
    assert not np.array_equal(ConvNet(seed=None).conv_weights(0), ConvNet(seed=None).conv_weights(0))


def test_conv_weights_index_is_checked(net):
    with pytest.raises(IndexError, match="0부터 1까지"):
        net.conv_weights(2)


@pytest.mark.parametrize("config, flat", [
    (NetworkConfig(pooling="avg"), 1764),
    (NetworkConfig(pooling="none"), 28 * 28 * 36),
    (NetworkConfig(pooling="stride"), 1764),
    (NetworkConfig(activation="sigmoid", activation_first=True), 1764),
    (NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), fc_sizes=(128, 64)), 4 * 4 * 64),
    (NetworkConfig(fc_sizes=()), 1764),
])
def test_variants_build_and_run(config, flat):
    net = ConvNet(config)
    shapes = dict(net.shape_summary())
    assert shapes["flat"] == (None, flat)
    assert net(np.zeros((2, 784), np.float32)).shape == (2, 10)


def test_relu_on_logits_makes_them_non_negative():
    net = ConvNet(NetworkConfig(activation_on_logits=True))
    x = np.random.default_rng(1).random((8, 784), dtype=np.float32)
    assert net(x).numpy().min() >= 0


def test_dropout_only_while_training():
    net = ConvNet(NetworkConfig(dropout_rate=0.5))
    x = np.random.default_rng(2).random((4, 784), dtype=np.float32)
    np.testing.assert_array_equal(net(x).numpy(), net(x).numpy())
    assert not np.array_equal(net(x).numpy(), net(x, training=True, dropout_seed=1).numpy())


def test_seeded_dropout_repeats_and_unseeded_dropout_draws_anew():
    """시드를 주면 같은 뉴런을 끄고, 주지 않으면 고정된 시드로 몰래 대신하지 않고 매번 새로 고릅니다."""
    net = ConvNet(NetworkConfig(dropout_rate=0.5))
    x = np.random.default_rng(3).random((4, 784), dtype=np.float32)
    same = [net(x, training=True, dropout_seed=7).numpy() for _ in range(2)]
    np.testing.assert_array_equal(*same)
    assert not np.array_equal(same[0], net(x, training=True, dropout_seed=8).numpy())
    assert not np.array_equal(net(x, training=True).numpy(), net(x, training=True).numpy())


def test_config_must_be_a_network_config():
    with pytest.raises(TypeError, match="NetworkConfig"):
        ConvNet({"num_filters": (16, 36)})
