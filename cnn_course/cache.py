"""학습한 신경망의 캐시: 같은 구성, 시드, 반복 수의 신경망은 다시 학습하지 않고 불러옵니다.

6장에서 10,000번 학습한 신경망을 7장과 연습 문제가 여기서 꺼내 씁니다. 캐시가 비어 있으면
같은 설정으로 학습하므로(결정적 연산) 결과는 같습니다.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .config import NetworkConfig
from .paths import model_cache_dir
from .settings import DEFAULTS, TrainingSettings
from .training import Trainer
from .validation import check_int


def cache_dir() -> Path:
    """학습한 신경망의 캐시 폴더(`paths.model_cache_dir`)."""
    return model_cache_dir()


def cache_key(trainer: Trainer) -> str:
    """학습 결과를 정하는 모든 것(`trainer.settings`: 구성, 시드, 학습률, 배치 크기, 데이터, 버전)의 해시."""
    return trainer.settings.key()


def cache_path(trainer: Trainer, iterations: int | None = None) -> Path:
    iterations = trainer.total_iterations if iterations is None else iterations
    return cache_dir() / f"{cache_key(trainer)}-{iterations}.npz"


def save_to_cache(trainer: Trainer) -> Path:
    """지금 상태를 캐시에 저장합니다."""
    return save_checkpoint(trainer, cache_path(trainer))


def _best_cached(trainer: Trainer, iterations: int) -> Path | None:
    """`iterations` 이하에서 가장 많이 학습한 캐시 파일."""
    key = cache_key(trainer)
    done = []
    for path in cache_dir().glob(f"{key}-*.npz"):
        count = path.stem.rsplit("-", 1)[1]
        if count.isdigit() and trainer.total_iterations < int(count) <= iterations:
            done.append((int(count), path))
    return max(done)[1] if done else None


def trained(data, iterations: int, config: NetworkConfig | None = None, seed: int = DEFAULTS.seed,
            learning_rate: float = DEFAULTS.learning_rate, batch_size: int = DEFAULTS.batch_size,
            out: Callable[[str], None] | None = print) -> Trainer:
    """`iterations`번 학습한 Trainer. 캐시에 있으면 불러오고, 모자란 만큼만 학습해 저장합니다.

    가중치 시드와 배치 시드는 모두 `seed`입니다.
    """
    check_int("iterations", iterations, low=0)
    settings = TrainingSettings(config=config or NetworkConfig(), net_seed=seed, seed=seed,
                                learning_rate=learning_rate, batch_size=batch_size,
                                dataset=getattr(data, "dataset", DEFAULTS.dataset))
    trainer = Trainer.from_settings(settings, data)
    best = _best_cached(trainer, iterations)
    if best is not None:
        try:
            load_checkpoint(trainer, best)
        except CheckpointError:
            best.unlink(missing_ok=True)  # 손상된 캐시는 버리고 처음부터 학습합니다.
    if trainer.total_iterations < iterations:
        if out:
            out(f"캐시에 {iterations:,}번 학습한 신경망이 없어 "
                f"{trainer.total_iterations:,}번부터 이어서 학습합니다.")
        trainer.optimize(iterations - trainer.total_iterations, out=out)
        save_to_cache(trainer)
    return trainer
