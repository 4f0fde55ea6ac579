"""연습 8: 마지막 완전 연결 층(로짓)에도 ReLU를 쓰면?"""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_classes, as_config, call, check_config, single_choice


def _check_config(logits_config) -> str:
    from cnn_course.config import NetworkConfig

    config = as_config(logits_config, "logits_config")
    if not config.activation_on_logits:
        if config.activation_first:
            raise Wrong("activation_first는 풀링과 ReLU의 순서예요(연습 5). 마지막 층의 ReLU는 activation_on_logits예요.")
        raise Wrong("activation_on_logits가 아직 False예요. 마지막 층의 ReLU를 켜는 항목이에요.")
    if config.activation != "relu":
        raise Wrong("activation은 은닉 층의 활성화 함수예요. 그대로 'relu'로 두세요.")
    check_config(config, NetworkConfig(activation_on_logits=True), "logits_config", changed=("activation_on_logits",))
    return "이제 마지막 층도 ReLU를 거쳐, 로짓이 0보다 작아질 수 없어요."


NUM_CLASSES = 10


def synthetic_logits() -> np.ndarray:
    """ReLU를 거친 로짓 흉내(이미지 40장): 클래스 2와 6은 늘 0이고, 클래스 7은 작은 양수라 예측되지 않고,
    클래스 3은 한 장만 빼고 0, 클래스 8은 처음 다섯 장에서만 0이며, 다른 클래스에도 0이 드문드문 있습니다.
    2번 이미지는 모든 로짓이 0입니다."""
    rng = np.random.default_rng(9)
    logits = np.maximum(rng.normal(1.0, 1.0, size=(40, NUM_CLASSES)), 0).astype(np.float32)
    logits[:, [2, 6]] = 0
    logits[:, 7] = 0.001
    logits[:, 3] = 0
    logits[30, 3] = 0.5
    logits[:5, 8] = 0
    logits[2] = 0
    return logits


def _dead_cases() -> list[np.ndarray]:
    """시험 로짓 세 벌. 확인할 때마다 새로 만들므로 학생 함수가 바꿔도 다음 확인에 남지 않습니다.

    죽은 클래스가 벌마다 다르고(0번 클래스가 죽은 벌, 하나도 없는 벌 포함), "거의 다 0", "처음 몇 줄만 0",
    "한 번도 예측되지 않음", "한 이미지에서라도 0"은 어느 벌에서든 모든 이미지에서 0인 것과 답이 다릅니다.
    """
    rng = np.random.default_rng(8)
    second = np.maximum(rng.normal(0.8, 1.0, size=(7, NUM_CLASSES)), 0)  # float64
    second[:, [0, 4, 9]] = 0
    second[:, 2] = 0
    second[-1, 2] = 1.5  # 마지막 이미지에서만 0이 아님
    second[:3, 6] = 0  # 처음 세 장에서만 0
    second[:, 7] = 0.01  # 작지만 0이 아님: 예측되지 않을 뿐
    second[:, 1] = np.maximum(second[:, 1], 0.2)
    third = np.maximum(rng.normal(1.0, 1.0, size=(5, NUM_CLASSES)), 0).astype(np.float32)
    third[:4, 0] = 0  # 거의 다 0이지만 죽지는 않음
    third[4, 0] = 0.3
    third[:, 5] = np.maximum(third[:, 5], 0.1)
    return [synthetic_logits(), second, third]


def _dead(logits: np.ndarray) -> list[int]:
    return [int(c) for c in np.flatnonzero((logits == 0).all(axis=0))]


def _as_dead_classes(result) -> list[int]:
    name = "dead_classes(logits)"
    if isinstance(result, (bool, int, np.integer, np.bool_)):
        raise Wrong(f"`dead_classes`가 수 하나({result!r})를 돌려줬어요. 개수가 아니라 클래스 번호의 목록을 돌려주세요.")
    if not isinstance(result, (tuple, list, set, frozenset)):
        array = np.asarray(result) if hasattr(result, "__array__") or hasattr(result, "numpy") else None
        if array is not None and array.dtype == bool:
            if array.ndim == 2:
                raise Wrong(f"결과가 {array.shape} 모양의 참/거짓 배열이에요. 클래스(열)마다 하나로 줄이세요: "
                            ".all(axis=0).")
            if array.shape != (NUM_CLASSES,):
                raise Wrong(f"참/거짓 결과의 길이가 {array.shape}예요. 클래스마다 하나씩, 길이 10이어야 해요.")
            return [int(i) for i in np.flatnonzero(array)]
    classes = as_classes(result, name)
    if len(set(classes)) != len(classes):
        raise Wrong("결과에 같은 클래스 번호가 두 번 있어요. 클래스마다 한 번씩만 적으세요.")
    if classes and classes[-1] >= NUM_CLASSES:
        raise Wrong(f"결과에 {classes[-1]}처럼 0~9가 아닌 번호가 있어요. 이미지 번호가 아니라 클래스(열) 번호를 돌려주세요.")
    return classes


def _diagnose(classes: list[int], logits: np.ndarray) -> str:
    """틀린 답이 어떤 실수에서 나왔는지. 시험 로짓의 정답은 알려 주지 않습니다."""
    zero = logits == 0
    if classes == [int(c) for c in np.flatnonzero(zero.any(axis=0))]:
        return "한 이미지에서라도 0인 클래스를 골랐어요. 모든 이미지에서 0인 클래스만 고르세요."
    if classes == [int(i) for i in np.flatnonzero(zero.all(axis=1))]:
        return "이미지 번호를 돌려줬어요(행마다 확인). 클래스(열)마다 모든 이미지(행)를 보세요: axis=0."
    never = sorted(set(range(NUM_CLASSES)) - {int(c) for c in logits.argmax(axis=1)})
    if classes == never:
        return ("한 번도 예측되지 않은 클래스를 골랐어요. 그중에는 로짓이 작지만 0은 아닌 클래스도 있어요. "
                "로짓이 모든 이미지에서 0인 클래스를 고르세요.")
    dead = set(_dead(logits))
    alive = [c for c in classes if c not in dead]
    if alive:
        if all(zero[:, c].any() for c in alive):
            return ("일부 이미지에서만 0인 클래스도 골랐어요. 몇 장만 보거나 '거의 모두'로 판단하지 말고 "
                    "모든 이미지(모든 행)에서 0인지 확인하세요.")
        return "고른 클래스 가운데 어느 이미지에서도 로짓이 0이 아닌 클래스가 있어요."
    return ("모든 이미지에서 로짓이 0인 클래스를 빠뜨렸어요. 0번 클래스나 여러 개인 경우도 "
            "빠짐없이 돌려주는지 확인하세요.")


def _check_dead(dead_classes) -> str:
    cases = _dead_cases()
    answers = [_as_dead_classes(call(dead_classes, "dead_classes", logits.copy())) for logits in cases]
    expected = [_dead(logits) for logits in cases]
    if answers == expected:
        return ("시험 로짓 세 벌에서 모두 맞혔어요. 로짓이 모든 이미지에서 0인 클래스는 그레이디언트도 0이라 "
                "다시 살아나지 못해요.")
    if all(a == answers[0] for a in answers):
        raise Wrong("시험 로짓 세 벌이 서로 다른데 모두 같은 답을 돌려줬어요. 클래스 번호를 직접 적지 말고 "
                    "함수에 들어온 logits에서 계산하세요.")
    classes, logits = next((a, l) for a, e, l in zip(answers, expected, cases) if a != e)
    raise Wrong(_diagnose(classes, logits))


q1 = Question(
    "문제 1", "logits_config", _check_config,
    hints=["NetworkConfig에 마지막 층의 ReLU를 정하는 항목이 있어요. config.py를 보세요."],
)

q2 = Question(
    "문제 2", "dead_classes", _check_dead,
    hints=["logits는 [이미지 수, 10]이에요. 클래스(열)마다 모든 이미지(행)에서 0인지 보세요.",
           "np.flatnonzero((logits == 0).all(axis=0))"],
)

q3 = Question(
    "문제 3", "why_worse", single_choice(
        "a",
        {
            "b": "소프트맥스는 어떤 실수든 받아요. 음수 로짓도 문제없어요.",
            "c": "로짓 10개에 ReLU를 더하는 계산은 아주 적어요. 느려서가 아니라 학습이 막혀서예요.",
            "d": "과대적합이라면 훈련 세트에서는 맞혀야 해요. 죽은 클래스는 훈련 세트에서도 한 장도 못 맞혀요.",
        },
        name="why_worse",
        because="ReLU는 음수 입력에서 그레이디언트가 0이에요. 한 클래스의 로짓이 모든 이미지에서 음수가 되면, "
                "그 클래스의 가중치는 다시는 바뀌지 않아요.",
    ),
    hints=["ReLU의 그레이디언트는 입력이 음수일 때 얼마인가요?"],
)
