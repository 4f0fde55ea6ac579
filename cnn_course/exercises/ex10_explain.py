"""연습 10: 친구에게 설명하기. 층의 순서, 텐서의 모양, 설명 글, 그리고 스스로 확인하는 퀴즈."""

from __future__ import annotations

import re

from cnn_course.korean import josa

from .core import Question, Wrong, as_shape, describe, mentions, normalize_text, single_choice

STEPS = ("conv1", "conv2", "flatten", "fc1", "fc2", "softmax")
SHAPES = {"conv1": (14, 14, 16), "conv2": (7, 7, 36), "flatten": (1764,), "fc1": (128,), "fc2": (10,)}


def _check_order(layer_order) -> str:
    if isinstance(layer_order, (set, frozenset)):
        raise Wrong("집합(set)에는 순서가 없어요. 대괄호 [...]로 순서가 있는 리스트를 만드세요.")
    if not isinstance(layer_order, (list, tuple)):
        raise Wrong(f"`layer_order`에는 단계 이름의 리스트를 넣어야 해요(받은 값: {describe(layer_order)}).")
    if not all(isinstance(s, str) for s in layer_order):
        raise Wrong(f"`layer_order`에는 단계 이름(문자열)만 넣으세요(받은 값: {describe(layer_order)}).")
    order = [s.strip().lower() for s in layer_order]
    unknown = [s for s in order if s not in STEPS]
    if unknown:
        raise Wrong(f"모르는 단계가 있어요: {unknown}. {', '.join(STEPS)}만 쓰세요.")
    missing = [s for s in STEPS if s not in order]
    if missing:
        raise Wrong(f"빠진 단계가 있어요: {', '.join(missing)}.")
    if len(order) != len(STEPS):
        raise Wrong("같은 단계를 두 번 적었어요. 여섯 단계를 한 번씩만 적으세요.")
    at = {s: order.index(s) for s in STEPS}
    if at["softmax"] != len(STEPS) - 1:
        raise Wrong("소프트맥스는 맨 끝에서 마지막 층의 로짓을 확률로 바꿔요.")
    if max(at["conv1"], at["conv2"]) > at["flatten"]:
        raise Wrong("합성곱 층은 평탄화보다 앞에 와요. 합성곱에는 [높이, 너비, 채널] 모양의 이미지가 필요해요.")
    if at["flatten"] > min(at["fc1"], at["fc2"]):
        raise Wrong("평탄화는 완전 연결 층보다 앞에 와요. 완전 연결 층은 한 줄로 편 벡터를 받아요.")
    if at["conv2"] < at["conv1"] or at["fc2"] < at["fc1"]:
        raise Wrong("번호 순서가 바뀌었어요. 둘째 층은 첫째 층의 출력을 받아요(conv1 → conv2, fc1 → fc2).")
    return "이미지 → 합성곱 층 두 개 → 평탄화 → 완전 연결 층 두 개 → 소프트맥스."


SHAPE_REASONS = {
    ("conv1", (28, 28, 16)): "conv1 뒤에는 2×2 최대 풀링이 있어 28×28이 14×14로 줄어요.",
    ("conv1", (16, 14, 14)): "TensorFlow는 채널을 마지막에 둬요: [높이, 너비, 채널].",
    ("conv1", (14, 14, 1)): "conv1의 출력 채널은 필터 수인 16이에요.",
    ("conv2", (14, 14, 36)): "conv2 뒤에도 풀링이 있어 14×14가 7×7로 줄어요.",
    ("conv2", (7, 7, 16)): "conv2의 출력 채널은 필터 수인 36이에요.",
    ("conv2", (36, 7, 7)): "TensorFlow는 채널을 마지막에 둬요: [높이, 너비, 채널].",
    ("flatten", (784,)): "평탄화는 입력 이미지가 아니라 conv2의 출력(7 × 7 × 36)을 펴요.",
    ("flatten", (7 * 7 * 16,)): "conv2의 채널은 36개예요: 7 × 7 × 36.",
    ("flatten", (7, 7, 36)): "평탄화하면 한 줄이 돼요: (7 × 7 × 36,) = (1764,).",
    ("flatten", (14 * 14 * 36,)): "conv2 뒤의 풀링까지 지나면 7×7이에요: 7 × 7 × 36.",
    ("fc2", (128,)): "마지막 층은 클래스마다 로짓 하나: 10개예요.",
    ("fc1", (10,)): "첫 완전 연결 층은 뉴런 128개예요. 10은 마지막 층이에요.",
    ("fc1", (1764,)): "그건 fc1의 입력 크기예요. fc1의 출력은 뉴런 수(128)예요.",
}


def _items(value) -> list | None:
    if hasattr(value, "as_list") and callable(value.as_list):  # tf.TensorShape
        try:
            return value.as_list()
        except ValueError:
            return None
    return list(value) if isinstance(value, (tuple, list)) else None


def _check_shapes(shapes) -> str:
    if not isinstance(shapes, dict):
        raise Wrong(f"`shapes`에는 {{단계 이름: 모양}} 딕셔너리를 넣어야 해요(받은 값: {describe(shapes)}).")
    missing = [s for s in SHAPES if s not in shapes]
    if missing:
        raise Wrong(f"`shapes`에 {', '.join(missing)}의 모양이 없어요.")
    for step, right in SHAPES.items():
        items = _items(shapes[step])
        if items is not None and len(items) == len(right) + 1 and (items[0] is None or list(items[1:]) == list(right)):
            raise Wrong(f"{step}: 배치 차원(이미지 수)은 빼고, 이미지 한 장의 모양만 적으세요.")
        got = as_shape(shapes[step], f"shapes['{step}']")
        if got == right:
            continue
        if (step, got) in SHAPE_REASONS:
            raise Wrong(SHAPE_REASONS[step, got])
        if len(got) != len(right):
            dims = "세 차원 (높이, 너비, 채널)" if len(right) == 3 else "한 차원 (원소 하나짜리 튜플, 예: (5,))"
            raise Wrong(f"{step}의 모양 {josa(got, '은/는')} {len(got)}차원이에요. {step}의 출력은 {josa(dims, '이에요/예요')}.")
        raise Wrong(f"{step}의 모양 {josa(got, '이/가')} 틀렸어요. 풀링과 필터 수를 따라가며 다시 세어 보세요.")
    return "28×28×1 → 14×14×16 → 7×7×36 → 1764 → 128 → 10. net.shape_summary()로도 확인할 수 있어요."


# 설명 글에 있어야 할 주제와, 그 주제를 말하는 낱말(띄어쓰기, 흔한 변이형, 영어 용어는 core.mentions가 받습니다).
TOPICS = {
    "합성곱(필터)": ("합성곱", "필터"),
    "풀링": ("풀링",),
    "완전 연결 층": ("완전 연결 층",),
    "소프트맥스나 확률": ("소프트맥스", "확률"),
    "비용(교차 엔트로피)": ("비용", "손실", "교차 엔트로피"),
    "학습(옵티마이저, 그레이디언트, 역전파)": ("옵티마이저", "그레이디언트", "역전파", "경사 하강"),
}
MIN_LENGTH = 200
MIN_WORDS = 25
# 노트북의 안내와 힌트에 있는 구절: 이것들을 옮겨 적은 글은 설명이 아닙니다.
PROMPT_PHRASES = ("무엇을 하는 프로그램인지", "필터로 무엇을 찾는지", "풀링이 무엇을 하는지", "어떻게 예측을 내는지",
                  "무엇으로 재는지", "가중치를 어떻게 고치는지", "몇 번 되풀이하는지", "낱말 목록")


def _check_explanation(explanation) -> str:
    if not isinstance(explanation, str):
        raise Wrong(f"`explanation`에는 글(문자열)을 넣어야 해요(받은 값: {describe(explanation)}).")
    text = explanation.strip()
    if len(text) < MIN_LENGTH:
        raise Wrong(f"설명이 {len(text)}자예요. 친구가 따라올 수 있게 {MIN_LENGTH}자 넘게 써 보세요.")
    words = re.findall(r"\S+", text)
    if len(words) < MIN_WORDS:
        raise Wrong(f"낱말이 {len(words)}개뿐이에요. 낱말을 늘어놓지 말고, 띄어 쓴 문장으로 설명해 보세요.")
    if len(set(words)) < len(words) / 2:
        raise Wrong("같은 말을 여러 번 되풀이했어요. 낱말을 되풀이하지 말고, 단계마다 무슨 일이 일어나는지 문장으로 "
                    "설명해 보세요.")
    if sum(normalize_text(p) in normalize_text(text) for p in PROMPT_PHRASES) >= 2:
        raise Wrong("문제의 안내나 힌트를 그대로 옮겨 적었어요. 안내의 물음에 여러분의 말로 답하며 설명해 보세요.")
    missing = [topic for topic, terms in TOPICS.items() if not any(mentions(text, t) for t in terms)]
    if missing:
        raise Wrong(f"설명에 {', '.join(missing)} 이야기가 빠졌어요.")
    return ("빠진 주제는 없어요. 이 채점기는 낱말만 확인해요. 글이 정말 잘 읽히는지는 친구에게 "
            "읽어 주고 질문을 받아 보세요.")


q1 = Question(
    "문제 1", "layer_order", _check_order,
    hints=["합성곱 층은 이미지 모양의 입력을, 완전 연결 층은 한 줄 벡터를 받아요."],
)

q2 = Question(
    "문제 2", "shapes", _check_shapes,
    hints=["풀링 한 번에 한 변이 절반, 채널 수는 그 층의 필터 수예요.",
           "conv1: (14, 14, 16), conv2는 한 번 더 절반에 필터 36개."],
)

q3 = Question(
    "문제 3", "explanation", _check_explanation,
    hints=["6장의 흐름을 따라가 보세요: 입력 → 층들 → 예측 → 비용 → 가중치 고치기 → 반복.",
           "낱말 목록: 합성곱(필터), 풀링, 완전 연결 층, 소프트맥스(확률), 비용(교차 엔트로피), "
           "옵티마이저(그레이디언트, 역전파)."],
)

q4 = Question(
    "퀴즈 1", "quiz1", single_choice(
        "b",
        {
            "a": "반대예요. 같은 필터를 여러 자리에 다시 쓰므로 합성곱 층의 가중치가 훨씬 적어요.",
            "c": "합성곱도 곱셈과 덧셈이에요. 특별한 연산이 아니라 같은 필터를 여러 자리에 다시 쓰는 거예요.",
            "d": "합성곱 신경망도 학습해야 해요. 필터는 처음에 무작위예요.",
        },
        name="quiz1",
        because="같은 필터를 이미지의 모든 자리에 다시 쓰므로(가중치 공유) 가중치가 적고, "
                "어디에 있든 같은 무늬를 찾을 수 있어요.",
    ),
    hints=["합성곱 필터 하나는 이미지의 몇 자리에서 쓰이나요?"],
)

q5 = Question(
    "퀴즈 2", "quiz2", single_choice(
        "c",
        {
            "a": "소프트맥스는 확률로 바꿀 뿐, 가장 큰 로짓이 가장 큰 확률이에요. 예측한 클래스는 바뀌지 않아요.",
            "b": "소프트맥스에는 학습하는 가중치가 없어요.",
            "d": "원-핫 인코딩은 정답 레이블을 나타내는 방법이에요. 소프트맥스의 출력은 0과 1 사이의 확률이에요.",
        },
        name="quiz2",
        because="소프트맥스는 로짓 열 개를 0과 1 사이, 합이 1인 확률로 바꿔요. 가장 큰 로짓이 가장 큰 확률이에요.",
    ),
    hints=["소프트맥스의 출력을 모두 더하면 얼마인가요?"],
)

q6 = Question(
    "퀴즈 3", "quiz3", single_choice(
        "d",
        {
            "a": "학습률은 한 걸음의 크기예요. 옵티마이저가 쓰지만 그레이디언트를 구하지는 않아요.",
            "b": "풀링은 특성 맵을 줄이는 연산이에요. 가중치를 고치지 않아요.",
            "c": "테스트 세트는 학습이 끝난 뒤 실력을 재는 데만 써요. 가중치를 고치는 데 쓰면 안 돼요.",
        },
        name="quiz3",
        because="역전파가 연쇄 법칙으로 모든 가중치의 그레이디언트를 구하고, 옵티마이저가 그 반대 방향으로 "
                "가중치를 조금 옮겨요.",
    ),
    hints=["비용을 줄이려면 각 가중치를 어느 방향으로 바꿔야 하는지 누가 계산하나요?"],
)

q7 = Question(
    "퀴즈 4", "quiz4", single_choice(
        "a",
        {
            "b": "배치는 속도와 메모리 때문이에요. 한 장씩 하면 느리고, 전부 한 번에 하면 메모리가 모자라요. "
                 "정확도가 배치 크기에 따라 반드시 오르는 것은 아니에요.",
            "c": "배치에 들어간 이미지 수만큼 첫 차원이 생길 뿐, 이미지 모양(28×28)은 그대로예요.",
            "d": "배치는 훈련 세트에서 무작위로 골라요. 테스트 세트는 학습에 쓰지 않아요.",
        },
        name="quiz4",
        because="이미지 여러 장을 한 번에 계산하므로 모든 텐서의 맨 앞에 이미지 수 차원이 붙어요. "
                "배치 64장의 비용 평균으로 그레이디언트를 구해요.",
    ),
    hints=["conv1의 출력 모양 (None, 14, 14, 16)에서 None은 무엇일까요?"],
)
