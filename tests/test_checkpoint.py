import numpy as np
import pytest

from cnn_course import CheckpointError, ConvNet, NetworkConfig, Trainer, load_checkpoint, save_checkpoint


def weights(trainer):
    return [v.numpy() for v in trainer.net.trainable_variables]


def test_loaded_trainer_continues_exactly_like_the_original(mnist, tmp_path):
    original = Trainer(ConvNet(), mnist)
    original.optimize(30, out=None)
    path = save_checkpoint(original, tmp_path / "model.npz")
    restored = Trainer(ConvNet(seed=99), mnist)
    load_checkpoint(restored, path)
    assert restored.total_iterations == 30
    original.optimize(20, out=None)
    restored.optimize(20, out=None)
    for a, b in zip(weights(original), weights(restored)):
        np.testing.assert_array_equal(a, b)


def test_checkpoint_of_another_configuration_is_refused_and_changes_nothing(mnist, tmp_path):
    path = save_checkpoint(Trainer(ConvNet(), mnist), tmp_path / "default.npz")
    other = Trainer(ConvNet(NetworkConfig(num_filters=(8, 36))), mnist)
    before = weights(other)
    with pytest.raises(CheckpointError, match="num_filters"):
        load_checkpoint(other, path)
    for a, b in zip(before, weights(other)):
        np.testing.assert_array_equal(a, b)
    assert other.total_iterations == 0


def test_corrupted_checkpoint_is_reported(mnist, tmp_path):
    path = save_checkpoint(Trainer(ConvNet(), mnist), tmp_path / "model.npz")
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match="손상"):
        load_checkpoint(Trainer(ConvNet(), mnist), path)


def test_missing_checkpoint_is_reported(mnist, tmp_path):
    with pytest.raises(CheckpointError, match="없습니다"):
        load_checkpoint(Trainer(ConvNet(), mnist), tmp_path / "nothing.npz")


def test_pickled_objects_are_never_loaded(mnist, tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, meta=np.array([{"format": 1}], dtype=object))
    with pytest.raises(CheckpointError):
        load_checkpoint(Trainer(ConvNet(), mnist), path)


def test_saving_leaves_no_temporary_files(mnist, tmp_path):
    save_checkpoint(Trainer(ConvNet(), mnist), tmp_path / "a" / "model.npz")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["model.npz"]


def test_failed_save_keeps_the_old_file(mnist, tmp_path, monkeypatch):
    trainer = Trainer(ConvNet(), mnist)
    path = save_checkpoint(trainer, tmp_path / "model.npz")
    good = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken)
    with pytest.raises(OSError):
        save_checkpoint(trainer, path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]
