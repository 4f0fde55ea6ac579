import pytest

from cnn_course import NetworkConfig


def test_defaults_are_the_original_network():
    c = NetworkConfig()
    assert (c.filter_sizes, c.num_filters, c.fc_sizes, c.num_classes) == ((5, 5), (16, 36), (128,), 10)
    assert c.feature_sizes == (14, 7)
    assert c.num_features == 7 * 7 * 36 == 1764


def test_no_pooling_keeps_the_image_size():
    assert NetworkConfig(pooling="none").num_features == 28 * 28 * 36


def test_three_conv_layers_round_up_with_same_padding():
    c = NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 48))
    assert c.feature_sizes == (14, 7, 4)


@pytest.mark.parametrize("field, value, words", [
    ("num_filters", (16,), "길이가 다릅니다"),
    ("num_filters", (16, 0), "num_filters"),
    ("filter_sizes", (5, 2.5), "filter_sizes"),
    ("fc_sizes", 128, "fc_sizes"),
    ("pooling", "min", "pooling"),
    ("activation", "tanh", "activation"),
    ("dropout_rate", 1.0, "dropout_rate"),
    ("dropout_rate", -0.1, "dropout_rate"),
    ("num_classes", 1, "num_classes"),
    ("filter_sizes", (30, 5), "이미지 크기"),
    ("activation_first", "yes", "activation_first"),
])
def test_invalid_configuration_names_the_field(field, value, words):
    with pytest.raises((ValueError, TypeError), match=words):
        NetworkConfig(**{field: value})


def test_lists_become_tuples_and_round_trip_through_dict():
    c = NetworkConfig(filter_sizes=[3, 3], num_filters=[8, 8], fc_sizes=[])
    assert c.filter_sizes == (3, 3)
    assert NetworkConfig.from_dict(c.to_dict()) == c


def test_unknown_field_in_dict_is_reported():
    with pytest.raises(ValueError, match="kernel"):
        NetworkConfig.from_dict({"kernel": 3})
