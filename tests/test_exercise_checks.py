"""연습 문제 채점기의 검사: 풀이는 통과하고, 알려진 오답은 그 이유로 떨어지고, 빈칸은
"아직 풀지 않았어요", 엉뚱한 입력은 예외 없이 보고됩니다. 학습은 하지 않습니다(작은 합성 입력)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import numpy as np
import pytest

import cnn_course.exercises as exercises
from cnn_course.config import NetworkConfig
from cnn_course.exercises import ____
from cnn_course.exercises.core import BLANK, CORRECT, WRONG, Feedback, Question

EXERCISES = Path(__file__).resolve().parents[1] / "exercises"
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__) if m.name.startswith("ex"))
QUESTIONS = [
    (f"{name}.{attr}", question)
    for name in MODULES
    for attr, question in vars(importlib.import_module(f"cnn_course.exercises.{name}")).items()
    if isinstance(question, Question)
]


def passes(question: Question, *args, **kwargs) -> Feedback:
    feedback = question.feedback(*args, **kwargs)
    assert feedback.status == CORRECT, feedback.message
    return feedback


def fails(question: Question, fragment: str, *args, **kwargs) -> Feedback:
    feedback = question.feedback(*args, **kwargs)
    assert feedback.status == WRONG, f"{feedback.status}: {feedback.message}"
    assert fragment in feedback.message, feedback.message
    return feedback


def raising(*args, **kwargs):
    raise RuntimeError("학생 코드의 오류")


# ---------------------------------------------------------------- 모든 문제에 공통


def test_every_exercise_notebook_has_a_module_with_questions():
    notebooks = sorted(p.stem.removesuffix("_solution") for p in EXERCISES.glob("*_solution.ipynb"))
    assert MODULES == [f"ex{name}" for name in notebooks]
    assert {label.split(".")[0] for label, _ in QUESTIONS} == set(MODULES)


@pytest.mark.parametrize("label,question", QUESTIONS, ids=[label for label, _ in QUESTIONS])
def test_untouched_blanks_are_not_attempted(label, question):
    feedback = question.feedback(*[____] * len(question.names))
    assert feedback.status == BLANK
    assert str(feedback).startswith("✏️ 아직 풀지 않았어요.")


@pytest.mark.parametrize("label,question", QUESTIONS, ids=[label for label, _ in QUESTIONS])
def test_missing_variables_are_reported_as_not_attempted(label, question):
    feedback = question.feedback(namespace={})
    assert feedback.status == BLANK
    assert "아직 없어요" in feedback.message


@pytest.mark.parametrize("label,question", QUESTIONS, ids=[label for label, _ in QUESTIONS])
@pytest.mark.parametrize("odd", [None, "글자", 3.5, -1, object(), [], {}, np.zeros((2, 2)), raising],
                         ids=["None", "str", "float", "negative", "object", "list", "dict", "array", "raises"])
def test_odd_inputs_are_reported_not_raised(label, question, odd):
    feedback = question.feedback(*[odd] * len(question.names))
    assert feedback.status == WRONG, f"{feedback.status}: {feedback.message}"
    assert len(feedback.message) > 10
    assert "확인할 수 없어요" not in feedback.message, f"채점기가 예상하지 못한 입력: {feedback.message}"


@pytest.mark.parametrize("label,question", QUESTIONS, ids=[label for label, _ in QUESTIONS])
def test_hint_and_solution_print_korean_text(label, question, capsys):
    question.hint()
    question.hint(99)
    question.hint("둘")
    question.solution()
    out = capsys.readouterr().out
    assert "힌트" in out and "풀이:" in out


def test_check_reads_the_answer_from_the_callers_namespace(capsys):
    from cnn_course.exercises.ex01_randomness import q4

    sources = "abcd"  # noqa: F841 - check()가 호출한 곳의 전역 변수에서 찾습니다.
    q4.check("abcd")
    assert capsys.readouterr().out.startswith("✅ 맞았어요!")
    q4.check(sources="ab")
    assert capsys.readouterr().out.startswith("❌ 아직 아니에요. 빠뜨린 보기")


def test_too_many_answers_are_reported():
    from cnn_course.exercises.ex01_randomness import q4

    fails(q4, "이 문제의 답은 sources", "a", "b")
    fails(q4, "이 문제의 답은 sources", answer="a")


def test_partly_filled_answers_name_the_blank():
    from cnn_course.exercises.ex02_training_longer import q1

    feedback = q1.feedback(0.98, ____)
    assert feedback.status == BLANK and "`acc_20k`" in feedback.message


# ---------------------------------------------------------------- 연습 1


def weights(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(5, 5, 1, 16)).astype(np.float32)


def test_ex01_unseeded_runs_must_differ():
    from cnn_course.exercises.ex01_randomness import q1

    passes(q1, weights(1), weights(2))
    fails(q1, "똑같아요", weights(1), weights(1))
    fails(q1, "같은 객체", *(2 * [weights(1)]))
    fails(q1, "모양이 (3, 3)", np.zeros((3, 3)), weights(2))
    fails(q1, "정확도가 아니라 가중치 배열", 0.91, weights(2))
    fails(q1, "배열이나 텐서", "weights_a", weights(2))


def test_ex01_reproducible_makes_global_draws_agree():
    from cnn_course.exercises.ex01_randomness import q2

    passes(q2, np.ones((3, 3)), np.ones((3, 3)))
    fails(q2, "두 가중치가 달라요", np.ones((3, 3)), np.zeros((3, 3)))
    fails(q2, "모양", np.ones((3, 3)), np.ones((2, 2)))
    a = np.ones((3, 3))
    fails(q2, "같은 객체", a, a)


def test_ex01_seeded_runs_must_agree():
    from cnn_course.exercises.ex01_randomness import q3

    passes(q3, weights(1), weights(1))
    fails(q3, "두 가중치가 달라요", weights(1), weights(2))
    fails(q3, "모양이 (5, 5, 1, 36)", np.zeros((5, 5, 1, 36)), weights(1))
    fails(q3, "배열이나 텐서", "weights", weights(1))


def test_ex01_sources_of_randomness():
    from cnn_course.exercises.ex01_randomness import q4

    passes(q4, "abcd")
    passes(q4, ["d", "C", "b", "a"])
    passes(q4, "a, b, c, d")
    fails(q4, "편향은 모두 0.05로 시작", "abcdg")
    fails(q4, "고정된 설정값", "abcdf")
    fails(q4, "(d) 부동소수점 덧셈은 순서에 따라", "abc")
    fails(q4, "보기에 없는 답", "abcz")


# ---------------------------------------------------------------- 연습 2


def test_ex02_training_longer():
    from cnn_course.exercises.ex02_training_longer import q1

    passes(q1, 0.987, 0.990)
    fails(q1, "0과 1 사이의 비율로", 98.7, 99.0)
    fails(q1, "다른 반복 수나 설정", 0.937, 0.99)
    fails(q1, "똑같아요", 0.987, 0.987)
    fails(q1, "1%p 넘게 낮아요", 0.99, 0.975)


def test_ex02_judging_the_gain_uses_the_students_numbers():
    from cnn_course.exercises.ex02_training_longer import q2

    passes(q2, "b", 0.987, 0.990)
    passes(q2, "c", 0.987, 0.985)
    passes(q2, "a", 0.975, 0.99)
    fails(q2, "+0.30%p 바뀌었으니 (b)", "a", 0.987, 0.990)
    fails(q2, "(c)", "b", 0.987, 0.985)
    fails(q2, "보기 하나만", "ab", 0.987, 0.990)
    fails(q2, "다른 반복 수나 설정", "b", 0.5, 0.990)


def test_ex02_learning_rates():
    from cnn_course.exercises.ex02_training_longer import q3

    table = {1e-4: 0.875, 1e-3: 0.964, 1e-2: 0.973, 1e-1: 0.11}
    passes(q3, table, 1e-2)
    fails(q3, "세 개 이상", {1e-4: 0.9, 1e-3: 0.95}, 1e-3)
    fails(q3, "가장 높은 학습률은 0.01", table, 1e-3)
    fails(q3, "10배도 안 돼요", {1e-3: 0.9, 2e-3: 0.95, 3e-3: 0.96}, 3e-3)
    fails(q3, "0과 1 사이의 수", {1e-4: 0.9, 1e-3: 0.95, 2: 0.1}, 1e-3)
    fails(q3, "lr_results`에 없는", table, 0.5)
    fails(q3, "정확도가 똑같아요", {1e-4: 0.9, 1e-3: 0.9, 1e-2: 0.9}, 1e-3)
    fails(q3, "딕셔너리", [(1e-4, 0.9)], 1e-4)


def test_ex02_too_large_learning_rate():
    from cnn_course.exercises.ex02_training_longer import q4

    passes(q4, "b")
    fails(q4, "계산량은 학습률과 상관없어요", "a")
    fails(q4, "과대적합이라면", "c")
    fails(q4, "Adam도 학습률을", "d")


# ---------------------------------------------------------------- 연습 3


def test_ex03_adding_a_conv_layer():
    from cnn_course.exercises.ex03_architecture import q1

    passes(q1, NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64)))
    fails(q1, "합성곱 층이 아직 2개", NetworkConfig())
    fails(q1, "세 번째 층의 필터 수가 36", NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 36)))
    fails(q1, "세 번째 층의 필터 크기가 5", NetworkConfig(filter_sizes=(5, 5, 5), num_filters=(16, 36, 64)))
    fails(q1, "앞의 두 층은 기본 그대로", NetworkConfig(filter_sizes=(3, 5, 5), num_filters=(64, 16, 36)))
    fails(q1, "fc_sizes를 바꾸지 말고",
          NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), fc_sizes=(64,)))
    fails(q1, "딕셔너리", {"filter_sizes": (5, 5, 3), "num_filters": (16, 36, 64)})


def test_ex03_features_after_three_poolings():
    from cnn_course.exercises.ex03_architecture import q2, three_conv_config

    assert three_conv_config().num_features == 1024
    passes(q2, 1024)
    passes(q2, np.int64(1024))
    fails(q2, "세 번째 합성곱 층 뒤에도 2x2 풀링", 3136)
    fails(q2, "올림해서 4x4", 576)
    fails(q2, "기본 신경망(7 x 7 x 36)", 1764)
    fails(q2, "정수여야", 1024.5)


def test_ex03_adding_a_fully_connected_layer():
    from cnn_course.exercises.ex03_architecture import q3

    passes(q3, NetworkConfig(fc_sizes=(128, 128)))
    fails(q3, "num_classes로 알아서", NetworkConfig(fc_sizes=(128, 10)))
    fails(q3, "아직 하나(128)", NetworkConfig())
    fails(q3, "두 층 모두 뉴런 128개", NetworkConfig(fc_sizes=(128, 64)))
    fails(q3, "filter_sizes를 바꾸지 말고", NetworkConfig(filter_sizes=(3, 3), fc_sizes=(128, 128)))


def arch_table(**changes):
    from cnn_course.exercises.ex03_architecture import three_conv_config, two_fc_config

    table = {NetworkConfig(): 0.937, NetworkConfig(filter_sizes=(3, 3)): 0.93,
             three_conv_config(): 0.94, two_fc_config(): 0.92}
    table.update(changes)
    return table


def test_ex03_comparing_configurations():
    from cnn_course.exercises.ex03_architecture import q4, three_conv_config

    passes(q4, arch_table(), three_conv_config())
    fails(q4, "정확도는 93.70%인데", arch_table(), NetworkConfig())
    fails(q4, "기본 구성 NetworkConfig()의 결과가 없어요", {three_conv_config(): 0.9}, three_conv_config())
    fails(q4, "네 개 이상", {NetworkConfig(): 0.9, three_conv_config(): 0.91}, three_conv_config())
    fails(q4, "정확도가 똑같아요", {c: 0.9 for c in arch_table()}, NetworkConfig())
    fails(q4, "없는 구성", arch_table(), NetworkConfig(fc_sizes=(7,)))


def test_ex03_do_extra_layers_help():
    from cnn_course.exercises.ex03_architecture import q5, two_fc_config

    passes(q5, "b", arch_table())
    passes(q5, "a", arch_table(**{}) | {two_fc_config(): 0.95})
    fails(q5, "기본보다 좋았던 구성은 1개", "a", arch_table())
    fails(q5, "기본보다 좋았던 구성은 1개", "c", arch_table())
    table = arch_table()
    del table[two_fc_config()]
    table[NetworkConfig(fc_sizes=(32,))] = 0.9
    fails(q5, "two_fc 구성의 결과가 없어요", "b", table)
    fails(q5, "보기에 없는 답", "e", arch_table())


# ---------------------------------------------------------------- 연습 4


def test_ex04_dropout_config():
    from cnn_course.exercises.ex04_dropout import q1

    passes(q1, NetworkConfig(dropout_rate=0.3))
    fails(q1, "남기는 비율(keep probability)", NetworkConfig(dropout_rate=0.7))
    fails(q1, "0이면 드롭아웃을 하지 않아요", NetworkConfig())
    fails(q1, "dropout_rate가 0.5", NetworkConfig(dropout_rate=0.5))
    fails(q1, "다른 설정도 바뀌었어요", NetworkConfig(dropout_rate=0.3, fc_sizes=(64,)))


def test_ex04_predict_must_switch_dropout_off():
    import tensorflow as tf

    from cnn_course.exercises.ex04_dropout import _tiny_case, q2

    case = _tiny_case()
    assert not np.array_equal(case["on"], case["off"]), "시험 신경망에서 드롭아웃이 예측을 바꿔야 합니다"

    def predict(net, images):
        return tf.argmax(net(images, training=False), axis=1).numpy()

    def predict_with_dropout(net, images):
        return tf.argmax(net(images, training=True), axis=1)

    def predict_logits(net, images):
        return net(images)

    def predict_axis0(net, images):
        return tf.argmax(net(images), axis=0)

    def predict_random_dropout(net, images):
        return tf.argmax(tf.nn.dropout(net.layer_outputs(images)["logits"], 0.5), axis=1)

    def predict_nothing(net, images):
        tf.argmax(net(images), axis=1)

    passes(q2, predict)
    passes(q2, lambda net, images: list(predict(net, images)))
    fails(q2, "드롭아웃이 켜진 채로 예측했어요(training=True)", predict_with_dropout)
    fails(q2, "클래스마다 값(로짓이나 확률)", predict_logits)
    fails(q2, "axis=0", predict_axis0)
    fails(q2, "결과가 달라요", predict_random_dropout)
    fails(q2, "return`을 잊지", predict_nothing)
    fails(q2, "RuntimeError: 학생 코드의 오류", raising)
    blank = q2.feedback(lambda net, images: ____)
    assert blank.status == BLANK


def test_ex04_why_dropout_is_off_for_evaluation():
    from cnn_course.exercises.ex04_dropout import q3

    passes(q3, "c")
    fails(q3, "오류 없이 돌아가요", "a")
    fails(q3, "평가는 가중치를 바꾸지 않아요", "b")
    fails(q3, "계산은 거의 줄지 않아요", "d")


# ---------------------------------------------------------------- 연습 5


def test_ex05_relus_saved():
    from cnn_course.exercises.ex05_activation_order import q1

    passes(q1, 9408)
    fails(q1, "풀링 전에 ReLU를 할 때", 12544)
    fails(q1, "풀링 뒤에 ReLU를 할 때", 3136)
    fails(q1, "비율이 아니라", 0.75)
    fails(q1, "채널(필터) 16개를 곱하지", 588)
    fails(q1, "이미지 한 장에 대해", 9408 * 64)


def test_ex05_which_pairs_commute():
    from cnn_course.exercises.ex05_activation_order import q2

    passes(q2, "ab")
    fails(q2, "[-2, 2]의 평균은 0", "abc")
    fails(q2, "시그모이드도 단조 증가", "a")
    fails(q2, "평균을 낸 다음의 시그모이드", "abd")


def test_ex05_same_accuracy_for_both_orders():
    from cnn_course.exercises.ex05_activation_order import q3

    passes(q3, 0.8751, 0.8751)
    fails(q3, "두 정확도(87.51%, 87.30%)가 달라요", 0.8751, 0.873)
    fails(q3, "87~88% 정도", 0.11, 0.11)
    fails(q3, "0과 1 사이의 비율로", 87.51, 87.51)


# ---------------------------------------------------------------- 연습 6


def test_ex06_features_without_pooling():
    from cnn_course.exercises.ex06_pooling_stride import q1

    assert NetworkConfig(pooling="none").num_features == 28224
    passes(q1, 28224)
    fails(q1, "풀링을 하는 기본 신경망", 1764)
    fails(q1, "풀링을 한 번만 뺐어요", 7056)
    fails(q1, "16개가 아니라 36개", 12544)
    fails(q1, "첫 완전 연결 층의 가중치 수", 28224 * 128)


def test_ex06_stride_config():
    from cnn_course.exercises.ex06_pooling_stride import q2

    passes(q2, NetworkConfig(pooling="stride"))
    fails(q2, "'none'은 풀링도 스트라이드도 없는", NetworkConfig(pooling="none"))
    fails(q2, "기본값 'max'", NetworkConfig())
    fails(q2, "평균 풀링", NetworkConfig(pooling="avg"))
    fails(q2, "다른 설정도 바뀌었어요", NetworkConfig(pooling="stride", filter_sizes=(3, 3)))
    fails(q2, "문자열 'stride'", "stride")


def test_ex06_stride_versus_pooling():
    from cnn_course.exercises.ex06_pooling_stride import q3

    passes(q3, "a")
    fails(q3, "출력 크기는 같아요", "b")
    fails(q3, "가중치 수는 같아요", "c")
    fails(q3, "모든 픽셀이", "d")
    assert NetworkConfig(pooling="stride").feature_sizes == NetworkConfig().feature_sizes


# ---------------------------------------------------------------- 연습 7


@pytest.mark.parametrize("config", [
    NetworkConfig(), NetworkConfig(num_filters=(4, 8), fc_sizes=(32,)), NetworkConfig(pooling="none"),
    NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), fc_sizes=(128, 64)),
    NetworkConfig(filter_sizes=(3,), num_filters=(2,), fc_sizes=(8,)),
])
def test_ex07_parameter_count_matches_the_network(config):
    from cnn_course import ConvNet
    from cnn_course.exercises.ex07_smallest_network import parameter_count

    assert parameter_count(config) == ConvNet(config).num_parameters


def test_ex07_counting_parameters():
    from cnn_course.exercises.ex07_smallest_network import q1

    passes(q1, 13818)
    fails(q1, "편향을 빠뜨렸어요", 13764)
    fails(q1, "입력 채널(4개)마다", 13218)
    fails(q1, "특성 맵은 7x7", 51450)
    fails(q1, "마지막 로짓 층", 13488)
    fails(q1, "기본 신경망의 수", 242062)


def small(filters, fc):
    return NetworkConfig(num_filters=filters, fc_sizes=fc)


SEARCH = {small((8, 16), (64,)): 0.983, small((4, 8), (32,)): 0.981, small((4, 8), (16,)): 0.978,
          small((2, 4), (8,)): 0.95}


def test_ex07_smallest_network_search():
    from cnn_course.exercises.ex07_smallest_network import q2

    passes(q2, SEARCH, small((4, 8), (32,)))
    fails(q2, "98%에 못 미쳐요", SEARCH, small((4, 8), (16,)))
    fails(q2, "가중치가 더 적은데(13,818개) 98%를 넘은", SEARCH, small((8, 16), (64,)))
    fails(q2, "세 개 이상", {small((4, 8), (32,)): 0.981}, small((4, 8), (32,)))
    fails(q2, "기본 신경망(242,062개)보다 작지 않아요", SEARCH | {NetworkConfig(): 0.99}, NetworkConfig())
    fails(q2, "`search`에 없는 구성", SEARCH, small((1, 1), (1,)))
    fails(q2, "0과 1 사이의 비율로", {c: 100 * a for c, a in SEARCH.items()}, small((4, 8), (32,)))


def test_ex07_why_choose_with_the_validation_set():
    from cnn_course.exercises.ex07_smallest_network import q3

    passes(q3, "a")
    fails(q3, "테스트 세트(10,000장)보다 작아요", "b")
    fails(q3, "레이블이 있어요", "c")
    fails(q3, "이유는 아니에요", "d")


# ---------------------------------------------------------------- 연습 8


def test_ex08_relu_on_logits_config():
    from cnn_course.exercises.ex08_relu_logits import q1

    passes(q1, NetworkConfig(activation_on_logits=True))
    fails(q1, "activation_on_logits가 아직 False", NetworkConfig())
    fails(q1, "풀링과 ReLU의 순서", NetworkConfig(activation_first=True))
    fails(q1, "은닉 층의 활성화 함수", NetworkConfig(activation="sigmoid", activation_on_logits=True))
    fails(q1, "다른 설정도 바뀌었어요", NetworkConfig(activation_on_logits=True, fc_sizes=(64,)))


def test_ex08_dead_classes():
    from cnn_course.exercises.ex08_relu_logits import q2

    passes(q2, lambda logits: np.flatnonzero((np.asarray(logits) == 0).all(axis=0)).tolist())
    passes(q2, lambda logits: (np.asarray(logits) == 0).all(axis=0))  # 불리언 마스크도 받습니다
    passes(q2, lambda logits: {1, 5})
    fails(q2, "한 이미지에서라도 0인", lambda logits: np.flatnonzero((logits == 0).any(axis=0)))
    fails(q2, "이미지 번호를 돌려줬어요(axis=1)", lambda logits: np.flatnonzero((logits == 0).all(axis=1)))
    fails(q2, "한 번도 예측되지 않은", lambda logits: sorted(set(range(10)) - set(logits.argmax(axis=1))))
    fails(q2, "개수가 아니라", lambda logits: int((logits == 0).all(axis=0).sum()))
    fails(q2, "모양이 (40, 10)", lambda logits: logits == 0)
    fails(q2, "RuntimeError", raising)


def test_ex08_why_relu_on_logits_hurts():
    from cnn_course.exercises.ex08_relu_logits import q3

    passes(q3, "a")
    fails(q3, "어떤 실수든 받아요", "b")
    fails(q3, "학습이 막혀서", "c")
    fails(q3, "훈련 세트에서도", "d")


# ---------------------------------------------------------------- 연습 9


def my_conv_layer(x, weights, biases, padding="SAME", pool="max", bias=True, relu=True, pool_stride=2):
    import tensorflow as tf

    x = tf.nn.conv2d(x, weights, strides=1, padding=padding) + (biases if bias else 0)
    if pool == "max":
        x = tf.nn.max_pool2d(x, ksize=2, strides=pool_stride, padding="SAME")
    elif pool == "avg":
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="SAME")
    return tf.nn.relu(x) if relu else x


def test_ex09_conv_layer():
    import tensorflow as tf

    from cnn_course.exercises.ex09_rebuild import q1

    passes(q1, my_conv_layer)
    passes(q1, lambda x, w, b: tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME") + b), 2, 2, "SAME"))
    fails(q1, "편향(biases)을 더하지 않았어요", lambda x, w, b: my_conv_layer(x, w, b, bias=False))
    fails(q1, "ReLU를 빠뜨렸어요", lambda x, w, b: my_conv_layer(x, w, b, relu=False))
    fails(q1, "padding='VALID'", lambda x, w, b: my_conv_layer(x, w, b, padding="VALID"))
    fails(q1, "2x2 최대 풀링(스트라이드 2)을 했나요", lambda x, w, b: my_conv_layer(x, w, b, pool=None))
    fails(q1, "2x2 최대 풀링(스트라이드 2)을 했나요", lambda x, w, b: my_conv_layer(x, w, b, pool_stride=1))
    fails(q1, "평균 풀링", lambda x, w, b: my_conv_layer(x, w, b, pool="avg"))
    fails(q1, "스트라이드 2 합성곱", lambda x, w, b: tf.nn.relu(tf.nn.conv2d(x, w, 2, "SAME") + b))
    fails(q1, "RuntimeError", raising)


def test_ex09_flatten():
    import tensorflow as tf

    from cnn_course.exercises.ex09_rebuild import q2

    passes(q2, lambda x: tf.reshape(x, [x.shape[0], -1]))
    passes(q2, lambda x: np.reshape(x, (len(x), -1)))
    fails(q2, "이미지 수(배치) 차원이 사라졌어요", lambda x: tf.reshape(x, [-1]))
    fails(q2, "값의 순서가 달라요", lambda x: tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0], -1]))
    fails(q2, "튜플", lambda x: (tf.reshape(x, [x.shape[0], -1]), 36))
    fails(q2, "한 줄로 합쳐졌어요", lambda x: tf.reshape(x, [1, -1]))


def test_ex09_fully_connected_layer():
    import tensorflow as tf

    from cnn_course.exercises.ex09_rebuild import q3

    def fc(x, w, b, use_relu=True):
        x = tf.matmul(x, w) + b
        return tf.nn.relu(x) if use_relu else x

    passes(q3, fc)
    fails(q3, "편향(biases)을 더하지", lambda x, w, b, use_relu=True: tf.nn.relu(tf.matmul(x, w)))
    fails(q3, "use_relu=False일 때도 ReLU", lambda x, w, b, use_relu=True: tf.nn.relu(tf.matmul(x, w) + b))
    fails(q3, "use_relu=True인데 ReLU를 하지 않았어요", lambda x, w, b, use_relu=True: tf.matmul(x, w) + b)
    fails(q3, "시그모이드", lambda x, w, b, use_relu=True: tf.nn.sigmoid(tf.matmul(x, w) + b))
    fails(q3, "unexpected keyword argument", lambda x, w, b: tf.matmul(x, w) + b)


def test_ex09_cost():
    import tensorflow as tf

    from cnn_course.exercises.ex09_rebuild import q4

    ce = tf.nn.softmax_cross_entropy_with_logits
    passes(q4, lambda logits, labels: tf.reduce_mean(ce(labels=labels, logits=logits)))
    fails(q4, "평균을 내세요", lambda logits, labels: tf.reduce_sum(ce(labels=labels, logits=logits)))
    fails(q4, "이미지마다 비용 4개", lambda logits, labels: ce(labels=labels, logits=logits))
    fails(q4, "소프트맥스를 두 번", lambda logits, labels: tf.reduce_mean(ce(labels=labels, logits=tf.nn.softmax(logits))))
    fails(q4, "labels와 logits를 바꿔", lambda logits, labels: tf.reduce_mean(ce(labels=tf.nn.softmax(logits), logits=labels)))
    fails(q4, "부호가 반대", lambda logits, labels: -tf.reduce_mean(ce(labels=labels, logits=logits)))


def test_ex09_rebuilt_network_accuracy():
    from cnn_course.exercises.ex09_rebuild import q5

    passes(q5, 0.91)
    fails(q5, "학습이 되지 않았어요", 0.098)
    fails(q5, "500번 이상 학습했나요", 0.7)
    fails(q5, "0과 1 사이의 비율로", 91.0)


# ---------------------------------------------------------------- 연습 10


def test_ex10_layer_order():
    from cnn_course.exercises.ex10_explain import q1

    passes(q1, ["conv1", "conv2", "flatten", "fc1", "fc2", "softmax"])
    fails(q1, "평탄화는 완전 연결 층보다 앞", ["conv1", "conv2", "fc1", "flatten", "fc2", "softmax"])
    fails(q1, "소프트맥스는 맨 끝", ["conv1", "conv2", "flatten", "fc1", "softmax", "fc2"])
    fails(q1, "합성곱 층은 평탄화보다 앞", ["conv1", "flatten", "conv2", "fc1", "fc2", "softmax"])
    fails(q1, "번호 순서가 바뀌었어요", ["conv2", "conv1", "flatten", "fc1", "fc2", "softmax"])
    fails(q1, "빠진 단계", ["conv1", "conv2", "fc1", "fc2", "softmax"])
    fails(q1, "모르는 단계", ["conv1", "pool", "conv2", "flatten", "fc1", "fc2", "softmax"])
    fails(q1, "두 번", ["conv1", "conv2", "flatten", "fc1", "fc2", "softmax", "fc2"])


RIGHT_SHAPES = {"conv1": (14, 14, 16), "conv2": (7, 7, 36), "flatten": (1764,), "fc1": (128,), "fc2": (10,)}


def test_ex10_shapes():
    from cnn_course.exercises.ex10_explain import q2

    passes(q2, RIGHT_SHAPES)
    fails(q2, "28x28이 14x14로", RIGHT_SHAPES | {"conv1": (28, 28, 16)})
    fails(q2, "배치 차원", RIGHT_SHAPES | {"conv2": (None, 7, 7, 36)})
    fails(q2, "채널을 마지막에", RIGHT_SHAPES | {"conv1": (16, 14, 14)})
    fails(q2, "7 x 7 x 36", RIGHT_SHAPES | {"flatten": (784,)})
    fails(q2, "10개", RIGHT_SHAPES | {"fc2": (128,)})
    fails(q2, "fc1의 모양이 없어요", {k: v for k, v in RIGHT_SHAPES.items() if k != "fc1"})
    fails(q2, "정수의 튜플", RIGHT_SHAPES | {"fc1": "128"})


def test_ex10_explanation():
    from cnn_course.exercises.ex10_explain import q3

    text = ("손글씨 숫자 사진을 보고 숫자를 맞히는 프로그램이야. 합성곱 층이 작은 필터를 밀면서 무늬를 찾고, "
            "풀링이 특성 맵을 줄여. 완전 연결 층을 지나 소프트맥스가 확률로 바꿔. 교차 엔트로피 비용을 재고 "
            "역전파로 그레이디언트를 구해 옵티마이저가 가중치를 고쳐. " * 2)
    passes(q3, text)
    fails(q3, "200자 넘게", "합성곱 풀링 완전 연결 소프트맥스 비용 옵티마이저")
    fails(q3, "풀링 이야기가 빠졌어요", text.replace("풀링", "줄이기"))
    fails(q3, "학습(옵티마이저, 그레이디언트, 역전파) 이야기가 빠졌어요",
          text.replace("역전파", "").replace("그레이디언트", "").replace("옵티마이저", ""))
    fails(q3, "문자열", ["합성곱"])


@pytest.mark.parametrize("name,right,wrong,fragment", [
    ("q4", "b", "a", "합성곱 층의 가중치가 훨씬 적어요"),
    ("q5", "c", "a", "예측한 클래스는 바뀌지 않아요"),
    ("q6", "d", "c", "테스트 세트는 학습이 끝난 뒤"),
    ("q7", "a", "d", "훈련 세트에서 무작위로"),
])
def test_ex10_quiz(name, right, wrong, fragment):
    from cnn_course.exercises import ex10_explain

    question = getattr(ex10_explain, name)
    passes(question, right)
    fails(question, fragment, wrong)
    others = sorted(set("abcd") - {right, wrong})
    for letter in others:
        assert question.feedback(letter).status == WRONG
    fails(question, "보기 하나만", right + wrong)


# ---------------------------------------------------------------- 연습 11


class FakeData:
    def __init__(self, dataset="fashion", num_train=55_000):
        self.dataset, self.num_train, self.x_train = dataset, num_train, np.zeros((1, 784))


def test_ex11_reading_fashion_mnist():
    from cnn_course.exercises.ex11_fashion_mnist import q1

    passes(q1, FakeData())
    fails(q1, "숫자 MNIST를 읽었어요", FakeData("mnist"))
    fails(q1, "55,000장이 아니에요", FakeData(num_train=60_000))
    fails(q1, "데이터 객체를 넣으세요", "fashion")


def test_ex11_reading_the_real_fashion_mnist():
    from cnn_course.data import MNIST
    from cnn_course.exercises.ex11_fashion_mnist import FASHION_NAMES, q1
    from cnn_course.idx import DataError

    try:
        fashion = MNIST(dataset="fashion", download=False)
    except DataError as error:
        pytest.skip(f"Fashion-MNIST가 없습니다: {error}")
    assert fashion.class_names == FASHION_NAMES
    passes(q1, fashion)


def test_ex11_comparing_accuracies():
    from cnn_course.exercises.ex11_fashion_mnist import q2

    passes(q2, 0.937, 0.79)
    fails(q2, "바꿔 넣지 않았나요", 0.79, 0.937)
    fails(q2, "똑같아요", 0.937, 0.937)
    fails(q2, "너무 낮아요", 0.1, 0.1)
    fails(q2, "0과 1 사이의 비율로", 93.7, 79.0)


def confusion() -> np.ndarray:
    cm = np.diag(np.full(10, 800))
    cm[6, 0], cm[0, 6] = 150, 90  # 셔츠 ↔ 티셔츠/탑: 240
    cm[4, 2], cm[2, 4] = 120, 100  # 코트 ↔ 풀오버: 220
    cm[9, 7] = 200  # 앵클 부츠 → 운동화: 200
    return cm


def test_ex11_most_confused_pair():
    from cnn_course.exercises.ex11_fashion_mnist import q3

    passes(q3, (0, 6), confusion())
    passes(q3, (6, 0), confusion())
    passes(q3, ("셔츠", "티셔츠/탑"), confusion())
    fails(q3, "가장 많이 헷갈린 쌍은 (0, 6)", (2, 4), confusion())
    fails(q3, "서로 200장 헷갈렸어요", (7, 9), confusion())
    fails(q3, "같은 클래스를 두 번", (6, 6), confusion())
    fails(q3, "클래스가 아니에요", (0, 10), confusion())
    fails(q3, "(10, 10)이에요", (0, 6), confusion()[:5])
    fails(q3, "튜플로 넣으세요", "셔츠", confusion())


def test_ex11_why_fashion_is_harder():
    from cnn_course.exercises.ex11_fashion_mnist import q4

    passes(q4, "a")
    fails(q4, "28x28 흑백", "b")
    fails(q4, "60,000장", "c")
    fails(q4, "10개", "d")


# ---------------------------------------------------------------- 채점 도구


def test_a_student_function_that_exits_is_reported():
    import sys

    from cnn_course.exercises.ex09_rebuild import q2

    fails(q2, "SystemExit", lambda x: sys.exit(1))


def test_blank_is_a_single_object_shown_as_four_underscores():
    from cnn_course.exercises.core import Blank

    assert Blank() is ____ and repr(____) == "____"


def test_feedback_is_true_only_when_correct():
    assert Feedback(CORRECT, "")
    assert not Feedback(WRONG, "이유")
    assert not Feedback(BLANK, "")
    assert str(Feedback(WRONG, "이유")) == "❌ 아직 아니에요. 이유"


@pytest.mark.parametrize("answer", ["b", "B", " (b) ", ["b"], ("b",)])
def test_single_choice_accepts_common_spellings(answer):
    from cnn_course.exercises.ex02_training_longer import q4

    passes(q4, answer)


def test_hint_levels(capsys):
    from cnn_course.exercises.ex01_randomness import q1

    q1.hint()
    assert "힌트 1/2" in capsys.readouterr().out
    q1.hint(2)
    assert "힌트 2/2" in capsys.readouterr().out
    q1.hint(0)
    assert "1부터 2까지" in capsys.readouterr().out
