"""모든 연습 문제에 공통인 채점의 뼈대(cnn_course.exercises.core): 빈칸, 엉뚱한 입력, 힌트와 풀이,
값을 비교하기 전에 맞추는 도우미(수, 모양, 보기, 설명 글의 낱말, 클래스 목록, 구성), 학생 함수의
오류를 한 문장으로 바꾸기, 함수 안에서 부른 check()."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest

import cnn_course.exercises as exercises
from cnn_course.config import NetworkConfig
from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ____
from cnn_course.exercises import core
from cnn_course.exercises.core import BLANK, CORRECT, WRONG, Question, Wrong

tf = import_tensorflow()

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__) if m.name.startswith("ex"))
QUESTIONS = [
    (f"{name}.{attr}", question)
    for name in MODULES
    for attr, question in vars(importlib.import_module(f"cnn_course.exercises.{name}")).items()
    if isinstance(question, Question)
]
LABELS = [label for label, _ in QUESTIONS]


def raising(*args, **kwargs):
    raise RuntimeError("학생 코드의 오류")


def wrong_message(function, *args, **kwargs) -> str:
    with pytest.raises(Wrong) as caught:
        function(*args, **kwargs)
    return str(caught.value)


# ---------------------------------------------------------------- 모든 문제에 공통


def test_every_exercise_notebook_has_a_module_with_questions():
    notebooks = sorted(p.stem.removesuffix("_solution") for p in EXERCISES.glob("*_solution.ipynb"))
    assert MODULES == [f"ex{name}" for name in notebooks]
    assert {label.split(".")[0] for label in LABELS} == set(MODULES)


def test_module_docstrings_use_the_notebook_number():
    for name in MODULES:
        doc = importlib.import_module(f"cnn_course.exercises.{name}").__doc__
        assert doc.startswith(f"연습 {int(name[2:4])}:"), (name, doc.splitlines()[0])


@pytest.mark.parametrize("label,question", QUESTIONS, ids=LABELS)
def test_untouched_blanks_are_not_attempted(label, question):
    feedback = question.feedback(*[____] * len(question.names))
    assert feedback.status == BLANK
    assert str(feedback).startswith("✏️ 아직 풀지 않았어요.")


@pytest.mark.parametrize("label,question", QUESTIONS, ids=LABELS)
def test_missing_variables_are_reported_as_not_attempted(label, question):
    feedback = question.feedback(namespace={})
    assert feedback.status == BLANK
    assert "아직 없어요" in feedback.message


@pytest.mark.parametrize("label,question", QUESTIONS, ids=LABELS)
@pytest.mark.parametrize("odd", [None, "글자", 3.5, -1, object(), [], {}, np.zeros((2, 2)), raising],
                         ids=["None", "str", "float", "negative", "object", "list", "dict", "array", "raises"])
def test_odd_inputs_are_reported_not_raised(label, question, odd):
    feedback = question.feedback(*[odd] * len(question.names))
    assert feedback.status == WRONG, f"{feedback.status}: {feedback.message}"
    assert len(feedback.message) > 10
    assert "확인할 수 없어요" not in feedback.message, f"채점기가 예상하지 못한 입력: {feedback.message}"


@pytest.mark.parametrize("label,question", QUESTIONS, ids=LABELS)
def test_hint_and_solution_print_korean_text(label, question, capsys):
    question.hint()
    question.hint(99)
    question.hint("둘")
    question.solution()
    out = capsys.readouterr().out
    assert "힌트" in out and "풀이:" in out


def test_no_particle_placeholders_in_checker_sources():
    """`을(를)`, `이(가)` 같은 자리표시 조사 대신 cnn_course.korean.josa로 맞는 조사를 붙입니다."""
    pattern = re.compile(r"[을이은과와]\((?:를|가|는|과|와)\)|\(으\)로")
    for path in sorted((ROOT / "cnn_course" / "exercises").glob("*.py")):
        found = pattern.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name}: {found}"


def test_check_reads_the_answer_from_the_callers_namespace(capsys):
    from cnn_course.exercises.ex01_randomness import q4

    sources = "abcd"  # noqa: F841 - check()가 호출한 곳의 변수에서 찾습니다.
    q4.check()
    assert capsys.readouterr().out.startswith("✅ 맞았어요!")
    q4.check("abcd")
    assert capsys.readouterr().out.startswith("✅ 맞았어요!")
    q4.check(sources="ab")
    assert capsys.readouterr().out.startswith("❌ 아직 아니에요. 빠뜨린 보기")


def test_check_inside_a_function_sees_its_local_variables(capsys):
    from cnn_course.exercises.ex05_activation_order import q1

    def solve():
        relus_saved = 28 * 28 * 16 - 14 * 14 * 16  # noqa: F841 - 지역 변수
        q1.check()

    solve()
    assert capsys.readouterr().out.startswith("✅ 맞았어요!")


def test_too_many_answers_are_reported():
    from cnn_course.exercises.ex01_randomness import q4

    feedback = q4.feedback("a", "b")
    assert feedback.status == WRONG and "이 문제의 답은 sources" in feedback.message
    feedback = q4.feedback(answer="a")
    assert feedback.status == WRONG and "이 문제의 답은 sources예요" in feedback.message  # sources이에요가 아니라


def test_partly_filled_answers_name_the_blank():
    from cnn_course.exercises.ex02_training_longer import q1

    feedback = q1.feedback(0.98, ____)
    assert feedback.status == BLANK and "`acc_20k`" in feedback.message


def test_missing_variable_message_has_the_right_particle():
    question = Question("문제", ("weights_a", "w1"), lambda a, b: None)
    assert "변수 `weights_a`, `w1`이 아직 없어요" in question.feedback(namespace={}).message


# ---------------------------------------------------------------- 수와 모양


@pytest.mark.parametrize("value", [0.3, np.float32(0.3), np.float64(0.3), tf.constant(0.3), np.array([0.3]),
                                   tf.constant([[0.3]]), 1 - 0.7])
def test_numbers_in_any_numeric_form_are_read(value):
    assert core.close(core.as_number(value, "x"), 0.3)


@pytest.mark.parametrize("value,fragment", [(True, "수를 넣으세요"), ("0.3", "수를 넣으세요"), (None, "수를 넣으세요"),
                                            (float("nan"), "유한한 수"), ([0.1, 0.2], "수 하나"),
                                            ([0.3], "리스트나 튜플"), ((0.3,), "리스트나 튜플"),
                                            (float("inf"), "유한한 수")])
def test_non_numbers_are_rejected(value, fragment):
    message = wrong_message(core.as_number, value, "x")
    assert fragment in message
    assert "nan예요" not in message and "inf예요" not in message  # 값 뒤에 조사를 붙이지 않습니다


@pytest.mark.parametrize("value", [1024, np.int64(1024), np.int32(1024), 1024.0, tf.constant(1024)])
def test_integers_in_any_form_are_read(value):
    n = core.as_int(value, "n")
    assert n == 1024 and type(n) is int


def test_non_integers_are_rejected_with_the_particle_fitting_the_name():
    assert "`n`은 정수여야 해요" in wrong_message(core.as_int, 1024.5, "n")
    assert "`num_features`는 정수여야 해요" in wrong_message(core.as_int, 2.5, "num_features")


def test_float_comparison_uses_a_stated_tolerance():
    assert core.TOLERANCE == 1e-6
    assert core.close(1 - 0.7, 0.3) and core.close(np.float32(0.3), 0.3)
    assert not core.close(0.3, 0.301)


def test_accuracies_are_checked_against_a_range():
    assert core.as_accuracy(np.float32(0.9), "acc", 0.8, 0.95) == pytest.approx(0.9)
    assert "0과 1 사이의 비율로" in wrong_message(core.as_accuracy, 90, "acc")
    assert "너무 높아요" in wrong_message(core.as_accuracy, 1.0, "acc", 0.8, 0.95, context="300번이에요.")
    assert "너무 낮아요" in wrong_message(core.as_accuracy, 0.1, "acc", 0.8, 0.95)


def test_validation_accuracies_come_in_steps_of_one_in_five_thousand():
    assert core.as_validation_accuracy(4381 / 5000, "acc") == pytest.approx(0.8762)
    assert core.as_validation_accuracy(np.float32(0.8762), "acc") == pytest.approx(0.8762)
    assert core.as_validation_accuracy(0.876, "acc") == pytest.approx(0.876)  # 반올림한 값도 됩니다
    assert "검증 세트(5,000장)" in wrong_message(core.as_validation_accuracy, 8751 / 10_000, "acc")


@pytest.mark.parametrize("value", [(14, 14, 16), [14, 14, 16], np.array([14, 14, 16]),
                                   (np.int64(14), np.int32(14), 16), tf.TensorShape([14, 14, 16]),
                                   tf.constant([14, 14, 16]), (14.0, 14, 16)])
def test_shapes_in_any_form_become_tuples_of_int(value):
    shape = core.as_shape(value, "shape")
    assert shape == (14, 14, 16) and all(type(d) is int for d in shape)


def test_shape_errors_say_what_is_wrong():
    assert "(1764,)처럼 쉼표" in wrong_message(core.as_shape, (1764), "shape")
    assert "(1764,)처럼 쉼표" in wrong_message(core.as_shape, np.int64(1764), "shape")
    assert "None" in wrong_message(core.as_shape, tf.TensorShape([None, 10]), "shape")
    assert "정수의 튜플" in wrong_message(core.as_shape, "(14, 14, 16)", "shape")
    assert "정수의 튜플" in wrong_message(core.as_shape, (14.5, 14), "shape")


# ---------------------------------------------------------------- 보기와 설명 글


@pytest.mark.parametrize("answer", ["b", "B", "b.", "(b)", " (B) ", "ｂ", "Ｂ", "b)", ["b"], ("(b)",)])
def test_a_choice_is_read_in_any_punctuation_case_or_width(answer):
    assert core.one_letter(answer, "answer", "abcd") == "b"


@pytest.mark.parametrize("answer", ["ac", "a, c", "(a), (c)", "a c", "ＡＣ", ["a", "C."], {"c", "a"}, ["ac"],
                                    "a. c."])
def test_several_choices_are_read_in_any_form(answer):
    assert sorted(core._letters(answer, "answer", "abcd")) == ["a", "c"]


def test_choice_errors_say_what_is_wrong():
    assert "보기에 없는 답" in wrong_message(core.one_letter, "z", "answer", "abcd")
    assert "보기에 없는 답이에요: 'e'" in wrong_message(core._letters, "ab e", "answer", "abcd")
    assert "보기에 없는 답이에요: 'bad1'" in wrong_message(core._letters, "bad1", "answer", "abcd")
    assert "보기 하나만" in wrong_message(core.one_letter, "ab", "answer", "abcd")
    assert "비어 있어요" in wrong_message(core.one_letter, "", "answer", "abcd")
    assert "보기의 글자" in wrong_message(core.one_letter, 2, "answer", "abcd")


@pytest.mark.parametrize("term,texts", [
    ("완전 연결 층", ["완전연결층을 지나", "완전 연결 층", "완전 연결층", "fully connected layer", "Fully-Connected",
                 "Dense 층", "완전 연결 레이어"]),
    ("그레이디언트", ["그레이디언트", "그래디언트를", "그라디언트", "gradient", "Gradients"]),
    ("소프트맥스", ["소프트맥스", "소프트 맥스", "softmax", "Softmax 함수", "ＳＯＦＴＭＡＸ"]),
    ("합성곱", ["합성곱 층", "컨볼루션", "convolution", "Conv 층"]),
    ("교차 엔트로피", ["교차엔트로피", "크로스 엔트로피", "cross-entropy"]),
])
def test_explanation_keywords_match_spelling_variants_and_english(term, texts):
    for text in texts:
        assert core.mentions(text, term), (term, text)
    assert core.mentions(texts[0], term.replace(" ", ""))  # 찾는 쪽의 띄어쓰기도 상관없습니다


def test_keywords_do_not_match_unrelated_text():
    assert not core.mentions("풀링은 특성 맵을 줄입니다", "소프트맥스")
    assert not core.mentions("완전히 다른 이야기", "완전 연결 층")
    assert core.mentions("임의의 낱말", "임의의낱말")  # 표에 없는 말은 그 말 자체를 찾습니다


def test_spelling_variants_live_in_one_table():
    assert "그래디언트" in core.SPELLINGS["그레이디언트"] and "dense" in core.SPELLINGS["완전 연결 층"]
    for variants in core.SPELLINGS.values():
        assert all(v == core.normalize_text(v) for v in variants)


@pytest.mark.parametrize("value", [
    [1, 5], (1, 5), {5, 1}, np.array([5, 1]), (np.array([1, 5]),), np.where(np.array([0, 1, 0, 0, 0, 1]) > 0),
    tf.where(tf.constant([False, True, False, False, False, True])), tf.constant([1, 5]), [np.int64(1), 5.0],
])
def test_class_lists_in_any_form_become_sorted_ints(value):
    classes = core.as_classes(value, "classes")
    assert classes == [1, 5] and all(type(c) is int for c in classes)


@pytest.mark.parametrize("value,fragment", [
    ("1, 5", "클래스 번호의 리스트"), (np.array([True, False]), "np.where"), ([1.5], "정수인 클래스 번호"),
    ([-1], "정수인 클래스 번호"), (np.zeros((2, 3)), "한 줄로"), (None, "클래스 번호의 리스트"),
])
def test_class_list_errors_say_what_is_wrong(value, fragment):
    assert fragment in wrong_message(core.as_classes, value, "classes")


def test_configurations_are_compared_field_by_field_with_tolerance():
    assert core.config_differences(NetworkConfig(dropout_rate=1 - 0.7), NetworkConfig(dropout_rate=0.3)) == []
    assert core.config_differences(NetworkConfig(fc_sizes=(64,), pooling="avg"), NetworkConfig()) == \
        ["fc_sizes", "pooling"]
    assert core.config_differences(NetworkConfig(fc_sizes=(64,)), NetworkConfig(), ignore=["fc_sizes"]) == []
    table = {NetworkConfig(dropout_rate=1 - 0.7): 0.9}
    assert core.find_config(table, NetworkConfig(dropout_rate=0.3)) is not None
    assert core.find_config(table, NetworkConfig()) is None


def test_configuration_errors_name_the_fields_that_differ():
    message = wrong_message(core.check_config, NetworkConfig(fc_sizes=(64,), dropout_rate=0.3),
                            NetworkConfig(dropout_rate=0.3), "config", changed=["dropout_rate"])
    assert "fc_sizes=(64,)" in message and "dropout_rate" not in message
    message = wrong_message(core.check_config, NetworkConfig(dropout_rate=0.5), NetworkConfig(dropout_rate=0.3),
                            "config", changed=["dropout_rate"])
    assert "dropout_rate=0.5" in message
    assert "딕셔너리" in wrong_message(core.as_config, {"dropout_rate": 0.3}, "config")
    assert "클래스 NetworkConfig 자체" in wrong_message(core.as_config, NetworkConfig, "config")


# ---------------------------------------------------------------- 학생 함수의 오류


def conv_with_lowercase_padding(images):
    return tf.nn.conv2d(tf.reshape(images, [-1, 8, 8, 1]), tf.zeros([3, 3, 1, 2]), 1, padding="same")


def reshape_for_64_images(images):
    return tf.reshape(images, [64, 8, 8, 1])


def numpy_reshape_for_64_images(images):
    return np.asarray(images).reshape(64, 64)


def missing_comma(images):
    shape = (64)
    return [size for size in shape]


def matmul_mismatch(images):
    return tf.matmul(images, tf.zeros([1764, 10]))


def numpy_matmul_mismatch(images):
    return np.asarray(images) @ np.zeros((1764, 10))


def mixed_dtypes(images):
    return tf.matmul(images, tf.zeros([64, 10], tf.float64))


def incompatible_shapes(images):
    return tf.nn.conv2d(tf.reshape(images, [-1, 8, 8, 1]), tf.zeros([3, 3, 1, 2]), 1, "VALID") + tf.zeros([3, 8, 8, 2])


@pytest.mark.parametrize("function,error,fragment", [
    (conv_with_lowercase_padding, "InvalidArgumentError", "\"SAME\"이나 \"VALID\""),
    (reshape_for_64_images, "InvalidArgumentError", "작은 입력"),
    (numpy_reshape_for_64_images, "ValueError", "작은 입력"),
    (missing_comma, "TypeError", "(1764,)처럼 쉼표"),
    (matmul_mismatch, "InvalidArgumentError", "행렬 곱의 모양"),
    (numpy_matmul_mismatch, "ValueError", "행렬 곱의 모양"),
    (mixed_dtypes, "InvalidArgumentError", "자료형(dtype)"),
    (incompatible_shapes, "InvalidArgumentError", "SAME은 크기를 그대로"),
    (lambda images: undefined_name, "NameError", "정의되지 않은 이름"),  # noqa: F821
    (lambda images: [][3], "IndexError", "인덱스"),
    (raising, "RuntimeError", "학생 코드의 오류"),
], ids=["padding", "tf-reshape", "np-reshape", "missing-comma", "matmul", "np-matmul", "dtype", "shapes", "name",
        "index", "other"])
def test_errors_in_student_functions_become_one_short_korean_sentence(function, error, fragment):
    images = np.zeros((3, 64), np.float32)
    message = wrong_message(core.call, function, "predict", images)
    assert message.startswith(f"`predict`를 부르다 오류가 났어요({error}).")
    assert fragment in message
    assert len(message) < 300 and "{{" not in message and "Traceback" not in message and "\n" not in message


def test_call_reports_blank_non_function_and_missing_return():
    with pytest.raises(core.NotAttempted):
        core.call(____, "predict")
    with pytest.raises(core.NotAttempted):
        core.call(lambda: ____, "predict")
    assert "`predict`는 함수여야 해요" in wrong_message(core.call, [1, 2], "predict")
    assert "`return`을 잊지" in wrong_message(core.call, lambda: None, "predict")
    assert "RecursionError" in wrong_message(core.call, lambda: (_ for _ in ()).throw(RecursionError()), "predict")


def test_feedback_never_raises_even_when_the_checker_breaks():
    def broken(answer):
        raise KeyError("x" * 500)

    feedback = Question("문제", "answer", broken).feedback(1)
    assert feedback.status == WRONG and "확인할 수 없어요" in feedback.message and len(feedback.message) < 250
    assert Question("문제", "answer", lambda answer: None).feedback(1).status == CORRECT


def test_a_student_function_that_exits_is_reported():
    import sys

    assert "SystemExit" in wrong_message(core.call, lambda: sys.exit(1), "rebuild")


# ---------------------------------------------------------------- 빈칸, 결과, 힌트


def test_blank_is_a_single_object_shown_as_four_underscores():
    assert core.Blank() is ____ and repr(____) == "____"


def test_feedback_is_true_only_when_correct():
    assert core.Feedback(CORRECT, "")
    assert not core.Feedback(WRONG, "이유")
    assert not core.Feedback(BLANK, "")
    assert str(core.Feedback(WRONG, "이유")) == "❌ 아직 아니에요. 이유"


def test_hint_levels(capsys):
    from cnn_course.exercises.ex01_randomness import q1

    q1.hint()
    assert "힌트 1/2" in capsys.readouterr().out
    q1.hint(2)
    assert "힌트 2/2" in capsys.readouterr().out
    q1.hint(0)
    assert "1부터 2까지" in capsys.readouterr().out


def test_cached_accuracy_measures_a_cached_network_again_and_never_trains(mnist, model_cache):
    """채점기가 다시 잴 때: `trained(...)`로 캐시에 남은 신경망이면 같은 정확도, 캐시에 없으면 None(학습하지 않음)."""
    from cnn_course.cache import trained

    trainer = trained(mnist, 2, out=None)
    assert core.cached_accuracy(2) == trainer.test_accuracy()
    assert core.cached_accuracy(2, "val") == trainer.evaluate("val").accuracy
    assert core.cached_accuracy(3) is None and core.cached_accuracy(2, learning_rate=1e-3) is None
    assert sorted(p.name.rsplit("-", 1)[1] for p in model_cache.glob("*.npz")) == ["2.npz"]


def test_a_trainer_or_evaluation_given_for_a_number_says_how_to_get_the_accuracy(mnist):
    from cnn_course.evaluation import Evaluation
    from cnn_course.model import ConvNet
    from cnn_course.training import Trainer

    assert "trainer.test_accuracy()" in wrong_message(core.as_accuracy, Trainer(ConvNet(), mnist), "acc_10k")
    evaluation = Evaluation(np.array([1, 2]), np.array([1, 3]))
    assert ".accuracy로 꺼내세요" in wrong_message(core.as_accuracy, evaluation, "acc_10k")
