"""체크포인트: 학습한 가중치와 옵티마이저 상태를 .npz 파일 하나에 저장하고 불러옵니다.

pickle을 쓰지 않으므로(`allow_pickle=False`) 남이 준 파일을 열어도 코드가 실행되지 않습니다.
파일은 임시 파일에 다 쓴 다음 이름을 바꾸어(원자적 쓰기) 중간에 멈춰도 반쪽 파일이 남지 않습니다.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .config import NetworkConfig
from .korean import josa
from .paths import write_atomically
from .settings import TrainingSettings

FORMAT_VERSION = 1


class CheckpointError(Exception):
    """체크포인트를 쓸 수 없을 때(다른 구성, 손상된 파일 등)."""


def save_checkpoint(trainer, path) -> Path:
    """`trainer`의 신경망 가중치, Adam 상태, 반복 수, 설정(`trainer.settings`)을 `path`(.npz)에 저장합니다."""
    meta = {"format": FORMAT_VERSION, **trainer.settings.to_dict(),
            "total_iterations": trainer.total_iterations}
    arrays = {f"net/{name}": v.numpy() for name, v in trainer.net.variables_by_name().items()}
    arrays.update({f"optimizer/{i}": v.numpy() for i, v in enumerate(trainer.optimizer.variables)})
    return write_atomically(
        path, lambda file: np.savez(file, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays))


def read_checkpoint(path) -> tuple[dict, dict[str, np.ndarray]]:
    """(메타데이터, 배열들)을 읽습니다. 파일이 손상되었으면 CheckpointError."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            arrays = {k: f[k] for k in f.files if k != "meta"}
    except FileNotFoundError:
        raise CheckpointError(f"체크포인트 파일이 없습니다: {path}") from None
    except Exception as error:
        raise CheckpointError(
            f"체크포인트 {josa(path, '을/를')} 읽을 수 없습니다({error}). 파일이 손상되었으면 지우고 다시 학습하세요."
        ) from None
    if meta.get("format") != FORMAT_VERSION:
        raise CheckpointError(f"{josa(path, '은/는')} 이 패키지가 모르는 형식({meta.get('format')})입니다.")
    return meta, arrays


def load_checkpoint(trainer, path) -> None:
    """저장한 상태를 `trainer`에 불러옵니다. 신경망 구성이 다르면 아무것도 바꾸지 않고 알려 줍니다."""
    meta, arrays = read_checkpoint(path)
    saved = NetworkConfig.from_dict(meta["config"])
    if saved != trainer.net.config:
        changed = [k for k, v in saved.to_dict().items() if trainer.net.config.to_dict()[k] != v]
        raise CheckpointError(
            f"{josa(path, '은/는')} 다른 구성의 신경망입니다(다른 항목: {', '.join(changed)}). "
            f"저장된 구성: {saved}. 그 구성으로 ConvNet을 만들어 불러오세요."
        )
    named = trainer.net.variables_by_name()
    optimizer_vars = trainer.optimizer.variables
    pairs = [(v, arrays.get(f"net/{name}")) for name, v in named.items()]
    pairs += [(v, arrays.get(f"optimizer/{i}")) for i, v in enumerate(optimizer_vars)]
    if any(a is None or tuple(a.shape) != tuple(v.shape) for v, a in pairs) \
            or len(arrays) != len(pairs):
        raise CheckpointError(f"{path}의 변수가 이 신경망의 변수와 맞지 않습니다. 파일을 지우고 다시 학습하세요.")
    for variable, value in pairs:  # 모두 확인한 다음에만 바꿉니다.
        variable.assign(value)
    # Adam의 학습률과 반복 수는 옵티마이저 변수로 함께 돌아왔습니다. 배치 시드도 저장한 값을 따릅니다.
    trainer.settings = trainer.settings.replace(seed=meta["seed"], learning_rate=meta["learning_rate"])
    trainer.total_iterations = meta["total_iterations"]


def settings_of(meta: dict) -> TrainingSettings:
    """체크포인트 메타데이터(`read_checkpoint`의 첫 값)에 적힌 학습 설정."""
    return TrainingSettings.from_dict(meta)
