import numpy as np

from cnn_course import trained
from cnn_course.cache import cache_path


def test_trained_network_is_cached_and_loaded_without_training(mnist, model_cache):
    first_lines, second_lines = [], []
    first = trained(mnist, 40, out=first_lines.append)
    assert cache_path(first).is_file()
    assert any("이어서 학습" in line for line in first_lines)
    second = trained(mnist, 40, out=second_lines.append)
    assert second_lines == []  # 학습하지 않고 불러옴
    assert second.total_iterations == 40
    for a, b in zip(first.net.trainable_variables, second.net.trainable_variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_longer_training_continues_from_the_cache_with_the_same_result(mnist, model_cache):
    trained(mnist, 20, out=None)
    continued = trained(mnist, 50, out=None)
    for path in list(model_cache.iterdir()):
        path.unlink()
    fresh = trained(mnist, 50, out=None)
    for a, b in zip(continued.net.trainable_variables, fresh.net.trainable_variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_corrupted_cache_file_is_replaced(mnist, model_cache):
    path = cache_path(trained(mnist, 10, out=None))
    path.write_bytes(b"not a checkpoint")
    again = trained(mnist, 10, out=None)
    assert again.total_iterations == 10 and path.stat().st_size > 1000


def test_other_seed_uses_another_cache_entry(mnist, model_cache):
    a = trained(mnist, 5, out=None)
    b = trained(mnist, 5, seed=1, out=None)
    assert cache_path(a) != cache_path(b)
