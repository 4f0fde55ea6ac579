"""연습 10(친구에게 설명하기) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import numpy as np
from exercise_tables import passes, table_tests

from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex10_explain as ex
from cnn_course.exercises.core import generated_solution

tf = import_tensorflow()

ORDER = ["conv1", "conv2", "flatten", "fc1", "fc2", "softmax"]
SHAPES = {"conv1": (14, 14, 16), "conv2": (7, 7, 36), "flatten": (1764,), "fc1": (128,), "fc2": (10,)}

TEXT = ("손글씨 숫자 사진을 보고 어떤 숫자인지 맞히는 프로그램이야. 합성곱 층이 작은 필터를 사진 위에서 밀면서 "
        "무늬를 찾고, 풀링이 특성 맵을 절반으로 줄여. 이걸 두 번 한 다음 한 줄로 펴서 완전 연결 층 두 개를 지나면 "
        "숫자마다 점수가 나오고, 소프트맥스가 그 점수를 확률로 바꿔. 정답과 얼마나 다른지는 교차 엔트로피 비용으로 "
        "재고, 역전파로 가중치마다 그레이디언트를 구해서 옵티마이저가 비용이 줄어드는 쪽으로 가중치를 조금씩 고쳐. "
        "이미지 64장씩 이걸 수천 번 되풀이하면 거의 다 맞히게 돼.")
# 흔한 다른 표기: 붙여 쓴 완전연결층, 그래디언트, 띄어 쓴 소프트 맥스
VARIANT = TEXT.replace("완전 연결 층", "완전연결층").replace("그레이디언트", "그래디언트").replace("소프트맥스", "소프트 맥스")
ENGLISH = ("This program looks at a photo of a handwritten digit and guesses which digit it is. Two convolutional "
           "layers slide small filters over the image to find strokes and curves, and max pooling halves each "
           "feature map. The maps are flattened and pass through two fully connected (dense) layers that give one "
           "score per digit; softmax turns the scores into probabilities. The cross-entropy loss measures how wrong "
           "the guess is, backpropagation computes the gradient of every weight, and the Adam optimizer moves the "
           "weights a little downhill. Repeating this for thousands of batches teaches the network.")
WORD_SOUP = "합성곱 풀링 완전 연결 층 소프트맥스 비용 옵티마이저 " * 12
PROMPT = ("1. 무엇을 하는 프로그램인지(입력과 출력). 2. 합성곱 층이 필터로 무엇을 찾는지, 풀링이 무엇을 하는지. "
          "3. 완전 연결 층과 소프트맥스가 어떻게 예측을 내는지. 4. 예측이 얼마나 틀렸는지를 무엇으로 재는지(비용). "
          "5. 가중치를 어떻게 고치는지(역전파, 그레이디언트, 옵티마이저), 그리고 그것을 몇 번 되풀이하는지. "
          "채점기는 글의 길이와 주제가 빠지지 않았는지만 봅니다.")  # 노트북의 안내를 그대로 옮긴 글

RIGHT = {
    "q1": [(ORDER,), (tuple(ORDER),), ([" Conv1", "conv2", "Flatten", "fc1", "FC2", "softmax"],)],
    "q2": [
        (SHAPES,),
        ({k: list(v) for k, v in SHAPES.items()},),
        ({k: tf.TensorShape(v) for k, v in SHAPES.items()},),
        ({k: tuple(np.int64(n) for n in v) for k, v in SHAPES.items()} | {"softmax": (10,)},),
    ],
    "q3": [(TEXT,), (VARIANT,), (ENGLISH,)],
    "q4": [("b",), ("B.",)],
    "q5": [("c",), ("(c)",)],
    "q6": [("d",), ("ｄ",)],
    "q7": [("a",), (["a"],)],
}


def order(*swap):
    result = list(ORDER)
    i, j = swap
    result[i], result[j] = result[j], result[i]
    return result


def shapes(**changes):
    return SHAPES | changes


QUIZ_WRONG = {  # 문제: (맞는 글자, 틀린 보기, 그 이유에 있는 말)
    "q4": ("b", "a", "합성곱 층의 가중치가 훨씬 적어요"),
    "q5": ("c", "a", "예측한 클래스는 바뀌지 않아요"),
    "q6": ("d", "c", "테스트 세트는 학습이 끝난 뒤"),
    "q7": ("a", "d", "훈련 세트에서 무작위로"),
}

WRONG = {
    "q1": [
        ("flatten-late", (order(2, 3),), "평탄화는 완전 연결 층보다 앞"),
        ("softmax-early", (order(4, 5),), "소프트맥스는 맨 끝"),
        ("conv-after-flatten", (order(1, 2),), "합성곱 층은 평탄화보다 앞"),
        ("swapped", (order(0, 1),), "번호 순서가 바뀌었어요"),
        ("reversed", (ORDER[::-1],), "소프트맥스는 맨 끝"),
        ("sorted", (sorted(ORDER),), "평탄화는 완전 연결 층보다 앞"),
        ("missing", (ORDER[:2] + ORDER[3:],), "빠진 단계"),
        ("unknown", (["conv1", "pool"] + ORDER[1:],), "모르는 단계"),
        ("duplicate", (ORDER + ["fc2"],), "두 번"),
        ("set", (set(ORDER),), "순서가 없어요"),
        ("wrong-type", (", ".join(ORDER),), "리스트"),
    ],
    "q2": [
        ("no-pooling", (shapes(conv1=(28, 28, 16)),), "28×28이 14×14로"),
        ("batch-dimension", (shapes(conv2=(None, 7, 7, 36)),), "배치 차원"),
        ("batch-tensorshape", (shapes(conv1=tf.TensorShape([None, 14, 14, 16])),), "배치 차원"),
        ("channels-first", (shapes(conv1=(16, 14, 14)),), "채널을 마지막에"),
        ("input-flattened", (shapes(flatten=(784,)),), "7 × 7 × 36"),
        ("not-flat", (shapes(flatten=(7, 7, 36)),), "한 줄이 돼요"),
        ("swapped", (shapes(fc1=(10,), fc2=(128,)),), "128개"),
        ("missing-comma", (shapes(flatten=1764),), "쉼표"),
        ("missing", ({k: v for k, v in SHAPES.items() if k != "fc1"},), "fc1의 모양이 없어요"),
        ("wrong-type", (shapes(fc1="128"),), "정수의 튜플"),
        ("constant", ({k: (10,) for k in SHAPES},), "세 차원"),
        ("not-a-dict", (list(SHAPES.values()),), "딕셔너리"),
    ],
    "q3": [
        ("too-short", ("합성곱 풀링 완전 연결 소프트맥스 비용 옵티마이저",), "200자 넘게"),
        ("no-pooling", (TEXT.replace("풀링", "줄이기"),), "풀링 이야기가 빠졌어요"),
        ("no-learning", (TEXT.replace("역전파", "").replace("그레이디언트", "").replace("옵티마이저", "무언가"),),
         "학습(옵티마이저, 그레이디언트, 역전파) 이야기가 빠졌어요"),
        ("no-cost", (TEXT.replace("교차 엔트로피 ", "").replace("비용", "차이"),), "비용(교차 엔트로피)"),
        ("word-soup", (WORD_SOUP,), "되풀이"),
        ("copied-prompt", (PROMPT,), "그대로 옮겨"),
        ("no-spaces", (WORD_SOUP.replace(" ", ""),), "낱말이"),
        ("wrong-type", (["합성곱"],), "문자열"),
        ("none", (None,), "문자열"),
    ],
}
for name, (right, wrong_letter, fragment) in QUIZ_WRONG.items():
    others = sorted(set("abcd") - {right, wrong_letter})
    WRONG[name] = [("other-option", (wrong_letter,), fragment)] + [
        ("other-option", (o,), "") for o in others] + [
        ("several-in-a-list", ([right, wrong_letter],), "하나만"),
        ("two-options", (right + wrong_letter,), "하나만"),
        ("not-an-option", ("z",), "보기에 없는"),
        ("wrong-type", (3,), "보기의 글자"),
        ("empty", ("",), "비어"),
    ]


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_model_answer_text_passes():
    namespace: dict = {}
    exec(generated_solution(ex.q3), namespace)
    passes(ex.q3, namespace["explanation"])
