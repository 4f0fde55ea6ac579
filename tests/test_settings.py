import inspect
from pathlib import Path
import json

import numpy as np
import pytest

import cnn_course
from cnn_course import ConvNet, NetworkConfig, Trainer, TrainingSettings, save_checkpoint
from cnn_course import cache, cli, settings
from cnn_course.checkpoint import read_checkpoint, settings_of
from cnn_course.settings import DEFAULTS


def test_defaults_are_the_original_course():
    assert (DEFAULTS.learning_rate, DEFAULTS.batch_size, DEFAULTS.seed, DEFAULTS.net_seed) == (1e-4, 64, 0, 0)
    assert DEFAULTS.config == NetworkConfig() and DEFAULTS.dataset == "mnist"


def test_every_entry_point_takes_its_defaults_from_settings():
    """학습률, 배치 크기, 시드의 기본값은 settings.py 한 곳에만 적혀 있습니다."""
    for function in (Trainer.__init__, cache.trained):
        parameters = inspect.signature(function).parameters
        assert parameters["learning_rate"].default == DEFAULTS.learning_rate
        assert parameters["batch_size"].default == DEFAULTS.batch_size
        assert parameters["seed"].default == DEFAULTS.seed
    args = cli._parser().parse_args(["train"])
    assert (args.learning_rate, args.batch_size, args.seed) == (1e-4, 64, 0)
    assert NetworkConfig(filter_sizes=args.filter_sizes, num_filters=args.num_filters, fc_sizes=args.fc_sizes,
                         pooling=args.pooling, activation=args.activation,
                         dropout_rate=args.dropout) == DEFAULTS.config
    for path in ("training.py", "cache.py", "cli.py"):
        source = (Path(cnn_course.__file__).parent / path).read_text(encoding="utf-8")
        assert "1e-4" not in source and "=64" not in source.replace(" ", ""), path


def test_to_dict_round_trips_and_names_the_versions():
    s = TrainingSettings(config=NetworkConfig(num_filters=(8, 16)), net_seed=3, seed=4, learning_rate=1e-3,
                         batch_size=32, dataset="fashion")
    values = s.to_dict()
    assert values["cnn_course"] == cnn_course.__version__ and values["tensorflow"]
    assert json.loads(json.dumps(values, sort_keys=True))["config"]["num_filters"] == [8, 16]
    assert TrainingSettings.from_dict(values) == s


def test_key_changes_with_everything_that_changes_the_result(monkeypatch):
    keys = {DEFAULTS.key()}
    for change in ({"seed": 1}, {"net_seed": 1}, {"learning_rate": 1e-3}, {"batch_size": 32},
                   {"dataset": "fashion"}, {"config": NetworkConfig(dropout_rate=0.5)}):
        keys.add(DEFAULTS.replace(**change).key())
    monkeypatch.setattr(settings, "__version__", "99.0")
    keys.add(DEFAULTS.key())  # 학습 단계를 바꾼 새 버전은 예전 캐시를 쓰지 않습니다.
    assert len(keys) == 8


def test_the_package_version_is_single_sourced():
    from pathlib import Path
    import tomllib

    project = tomllib.loads((Path(cnn_course.__file__).parents[1] / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cnn_course.__version__"}


@pytest.mark.parametrize("change, error, words", [
    ({"learning_rate": 1}, ValueError, "learning_rate는 0 초과 1 미만의 수"),
    ({"batch_size": 0}, ValueError, "batch_size는 1 이상의 정수"),
    ({"dataset": "cifar"}, ValueError, "dataset은 'mnist', 'fashion' 중 하나"),
    ({"net_seed": -1}, ValueError, "net_seed는 0 이상"),
    ({"config": {"num_filters": (1,)}}, TypeError, "NetworkConfig"),
])
def test_invalid_settings_are_reported(change, error, words):
    with pytest.raises(error, match=words):
        DEFAULTS.replace(**change)


def test_trainer_checkpoint_and_cache_share_one_record(mnist, tmp_path):
    net = ConvNet(NetworkConfig(filter_sizes=(3,), num_filters=(4,), fc_sizes=(8,)), seed=5)
    trainer = Trainer(net, mnist, learning_rate=1e-3, batch_size=16, seed=6)
    assert trainer.settings == TrainingSettings(config=net.config, net_seed=5, seed=6, learning_rate=1e-3,
                                                batch_size=16, dataset="mnist")
    trainer.optimize(2, out=None)
    meta, _ = read_checkpoint(save_checkpoint(trainer, tmp_path / "m.npz"))
    expected = json.loads(json.dumps(trainer.settings.to_dict()))
    assert {k: meta[k] for k in expected} == expected
    assert meta["total_iterations"] == 2
    assert settings_of(meta) == trainer.settings
    assert cache.cache_key(trainer) == trainer.settings.key()
    again = Trainer.from_settings(settings_of(meta), mnist)
    np.testing.assert_array_equal(again.net.conv_weights(0),
                                  ConvNet(net.config, seed=5).conv_weights(0))
