"""연습 9: 마지막 완전 연결 층(로짓)에도 ReLU를 쓰면?"""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_array, as_config, call, single_choice


def _check_config(logits_config) -> str:
    from cnn_course.config import NetworkConfig

    config = as_config(logits_config, "logits_config")
    if config == NetworkConfig():
        raise Wrong("기본 구성 그대로예요. activation_on_logits가 아직 False예요.")
    if config.activation_first and not config.activation_on_logits:
        raise Wrong("activation_first는 풀링과 ReLU의 순서예요(연습 5). 마지막 층의 ReLU는 activation_on_logits예요.")
    if config.activation != "relu":
        raise Wrong("activation은 은닉 층의 활성화 함수예요. 그대로 'relu'로 두세요.")
    if config != NetworkConfig(activation_on_logits=True):
        raise Wrong("activation_on_logits 말고 다른 설정도 바뀌었어요. 그것 하나만 바꾸세요.")
    return "이제 마지막 층도 ReLU를 거쳐, 로짓이 0보다 작아질 수 없어요."


DEAD = (1, 5)  # 합성 로짓에서 모든 이미지의 로짓이 0인 클래스


def synthetic_logits() -> np.ndarray:
    """ReLU를 거친 로짓 흉내: 클래스 1과 5는 늘 0, 클래스 7은 작은 양수라 예측되지 않고,
    다른 클래스에도 0이 드문드문 있습니다. 2번 이미지는 모든 로짓이 0입니다."""
    rng = np.random.default_rng(9)
    logits = np.maximum(rng.normal(1.0, 1.0, size=(40, 10)), 0).astype(np.float32)
    logits[:, DEAD] = 0
    logits[:, 7] = 0.001
    logits[2] = 0
    return logits


def _as_classes(result) -> list[int]:
    if isinstance(result, (bool, int, np.integer)):
        raise Wrong(f"`dead_classes`가 수 하나({result!r})를 돌려줬어요. 개수가 아니라 클래스 번호의 목록을 돌려주세요.")
    if isinstance(result, (set, frozenset)):
        result = sorted(result)
    array = as_array(result, "dead_classes의 결과")
    if array.ndim != 1:
        raise Wrong(f"결과의 모양이 {array.shape}예요. 클래스 번호의 1차원 목록(예: [1, 5])을 돌려주세요.")
    if array.dtype == bool or (np.asarray(result).dtype == bool):
        if array.shape != (10,):
            raise Wrong(f"불리언 결과의 길이가 {array.shape[0]}예요. 클래스마다 하나씩, 길이 10이어야 해요.")
        return [int(i) for i in np.flatnonzero(np.asarray(result))]
    if not np.array_equal(array, np.round(array)):
        raise Wrong("결과에 정수가 아닌 값이 있어요. 클래스 번호(0~9)를 돌려주세요.")
    return sorted(int(v) for v in array)


def _check_dead(dead_classes) -> str:
    logits = synthetic_logits()
    classes = _as_classes(call(dead_classes, "dead_classes", logits.copy()))
    if classes == list(DEAD):
        return "로짓이 모든 이미지에서 0인 클래스는 그레이디언트도 0이라 다시 살아나지 못해요."
    any_zero = sorted(int(c) for c in np.flatnonzero((logits == 0).any(axis=0)))
    if classes == any_zero:
        raise Wrong("한 이미지에서라도 0인 클래스를 골랐어요. 모든 이미지에서 0인 클래스만 고르세요: .all(axis=0).")
    rows = sorted(int(i) for i in np.flatnonzero((logits == 0).all(axis=1)))
    if classes == rows:
        raise Wrong("이미지 번호를 돌려줬어요(axis=1). 클래스마다 모든 이미지를 보려면 axis=0이에요.")
    never = sorted(set(range(10)) - set(int(c) for c in logits.argmax(axis=1)))
    if classes == never:
        raise Wrong("한 번도 예측되지 않은 클래스를 골랐어요. 그중에는 로짓이 작지만 0은 아닌 클래스도 있어요. "
                    "로짓이 모든 이미지에서 0인 클래스를 고르세요.")
    raise Wrong(f"답이 {classes}인데, 이 시험 로짓에서 모든 이미지의 로짓이 0인 클래스는 {list(DEAD)}예요. "
                "(logits == 0).all(axis=0)을 확인하세요.")


q1 = Question(
    "문제 1", "logits_config", _check_config,
    hints=["NetworkConfig에 마지막 층의 ReLU를 정하는 항목이 있어요. config.py를 보세요."],
    solution="logits_config = NetworkConfig(activation_on_logits=True)",
)

q2 = Question(
    "문제 2", "dead_classes", _check_dead,
    hints=["logits는 [이미지 수, 10]이에요. 클래스(열)마다 모든 이미지(행)에서 0인지 보세요.",
           "np.flatnonzero((logits == 0).all(axis=0))"],
    solution="""
def dead_classes(logits):
    logits = np.asarray(logits)
    return np.flatnonzero((logits == 0).all(axis=0)).tolist()  # 열(클래스)마다 모든 행이 0인가
""",
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
    solution='why_worse = "a"',
)
