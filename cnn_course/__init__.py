"""cnn_course: 합성곱 신경망 강좌의 동반 패키지.

가져오는 순간 TensorFlow가 시작할 때 읽는 환경(스레드 수, oneDNN, 로그 수준)을 정합니다.
그래서 노트북에서는 TensorFlow보다 이 패키지를 먼저 가져옵니다.

데이터는 한 방향으로 흐릅니다: data -> layers -> model -> training -> evaluation -> plots.
이름은 처음 쓸 때 가져옵니다: `MNIST`와 NumPy 참조 연산만 쓰면 TensorFlow를 불러오지 않습니다.

한곳에 모은 것들: 학습 결과를 정하는 설정과 기본값은 `settings`, 파일과 환경 변수의 위치는 `paths`,
인자 확인과 그 오류 메시지는 `validation`.
"""

from importlib import import_module

from .environment import configure_environment, import_tensorflow, reproducible

configure_environment()

__version__ = "0.1.0"

_LAZY = {
    "MNIST": "data",
    "NetworkConfig": "config",
    "new_weights": "layers", "new_biases": "layers", "new_conv_layer": "layers",
    "flatten_layer": "layers", "new_fc_layer": "layers",
    "ConvNet": "model",
    "Evaluation": "evaluation", "evaluate": "evaluation", "predict_classes": "evaluation",
    "Trainer": "training", "TrainingSettings": "settings",
    "CheckpointError": "checkpoint", "load_checkpoint": "checkpoint", "save_checkpoint": "checkpoint",
    "save_to_cache": "cache", "trained": "cache",
}

__all__ = sorted([*_LAZY, "configure_environment", "import_tensorflow", "reproducible"])


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cnn_course' has no attribute {name!r}")


def __dir__():
    return __all__
