"""학습한 신경망을 정하는 모든 것을 한곳에: 구성, 가중치 시드, 배치 시드, 학습률, 배치 크기, 데이터 세트.

같은 `TrainingSettings`로 같은 반복 수만큼 학습하면 (같은 하드웨어와 소프트웨어에서) 비트까지
같은 신경망이 나옵니다. 그래서 이 객체 하나가

- `Trainer`의 설정(`trainer.settings`),
- 체크포인트 파일의 메타데이터,
- 학습한 신경망 캐시의 열쇠(key),
- 명령줄 도구 `cnn-course train`의 기본값

이 됩니다. 기본값은 여기에만 적습니다.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

from . import __version__
from .config import NetworkConfig
from .paths import DATASETS
from .environment import import_tensorflow, resolve_seed
from .validation import check_choice, check_int, check_number


@dataclass(frozen=True)
class TrainingSettings:
    """학습 결과를 정하는 설정. 기본값은 원본 강좌의 학습(Adam 1e-4, 배치 64)입니다."""

    config: NetworkConfig = field(default_factory=NetworkConfig)  # 신경망의 구성
    net_seed: int = 0  # 가중치 초깃값의 시드(ConvNet의 seed)
    seed: int = 0  # 반복마다 고르는 배치의 시드(Trainer의 seed)
    learning_rate: float = 1e-4  # Adam 옵티마이저의 학습률
    batch_size: int = 64  # 한 번에 학습하는 이미지 수
    dataset: str = "mnist"  # "mnist" 또는 "fashion"

    def __post_init__(self) -> None:
        if not isinstance(self.config, NetworkConfig):
            raise TypeError(f"config에는 NetworkConfig를 넘기세요(받은 값: {type(self.config).__name__}).")
        object.__setattr__(self, "net_seed", resolve_seed(self.net_seed, "net_seed"))
        object.__setattr__(self, "seed", resolve_seed(self.seed))
        object.__setattr__(self, "learning_rate", check_number(
            "learning_rate", self.learning_rate, 0, 1, low_open=True, high_open=True))
        object.__setattr__(self, "batch_size", check_int("batch_size", self.batch_size, low=1))
        check_choice("dataset", self.dataset, DATASETS)

    def replace(self, **changes) -> "TrainingSettings":
        """몇 항목만 바꾼 새 설정."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """JSON으로 쓸 수 있는 사전: 체크포인트의 메타데이터와 캐시 열쇠가 이것을 씁니다.

        학습 코드가 바뀌면 결과의 비트도 바뀔 수 있으므로 패키지와 TensorFlow의 버전도 적습니다.
        """
        values = dataclasses.asdict(self)
        values["config"] = self.config.to_dict()
        values["cnn_course"] = __version__
        values["tensorflow"] = import_tensorflow().__version__
        return values

    @classmethod
    def from_dict(cls, values: dict) -> "TrainingSettings":
        """`to_dict`(또는 체크포인트 메타데이터)에서 설정을 되살립니다. 모르는 항목은 무시합니다."""
        names = {f.name for f in dataclasses.fields(cls)} - {"config"}
        return cls(config=NetworkConfig.from_dict(values["config"]),
                   **{k: v for k, v in values.items() if k in names})

    def key(self) -> str:
        """설정(과 버전)의 짧은 해시: 학습한 신경망 캐시 파일 이름의 앞부분."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


DEFAULTS = TrainingSettings()
