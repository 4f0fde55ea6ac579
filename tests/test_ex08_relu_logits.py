"""연습 8(마지막 층의 ReLU) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import numpy as np
from exercise_tables import fails, passes, table_tests

from cnn_course.config import NetworkConfig
from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex08_relu_logits as ex
from cnn_course.exercises.ex08_relu_logits import q2

tf = import_tensorflow()


def zero(logits):
    return np.asarray(logits) == 0


RIGHT = {
    "q1": [(NetworkConfig(activation_on_logits=True),),
           (NetworkConfig(activation_on_logits=True, num_filters=[16, 36]),)],
    "q2": [
        (lambda logits: np.flatnonzero(zero(logits).all(axis=0)).tolist(),),
        (lambda logits: np.where(zero(logits).all(axis=0)),),  # np.where의 (배열,) 튜플
        (lambda logits: np.where(zero(logits).all(axis=0))[0],),
        (lambda logits: tf.where(tf.reduce_all(tf.equal(logits, 0), axis=0)),),  # [개수, 1] 텐서
        (lambda logits: zero(logits).all(axis=0),),  # 클래스마다 참/거짓
        (lambda logits: {int(c) for c in np.flatnonzero(np.asarray(logits).max(axis=0) == 0)},),
        (lambda logits: [c for c in range(10) if not np.asarray(logits)[:, c].any()],),
    ],
    "q3": [("a",), ("A",), ("(a)",), ("a.",), ("ａ",)],
}

WRONG = {
    "q1": [
        ("constant", (NetworkConfig(),), "activation_on_logits가 아직 False"),
        ("swapped", (NetworkConfig(activation_first=True),), "풀링과 ReLU의 순서"),
        ("other-field", (NetworkConfig(activation="sigmoid", activation_on_logits=True),), "은닉 층의 활성화 함수"),
        ("extra-change", (NetworkConfig(activation_on_logits=True, fc_sizes=(64,)),), "fc_sizes"),
        ("wrong-type", ("activation_on_logits=True",), "NetworkConfig"),
        ("dict", ({"activation_on_logits": True},), "딕셔너리"),
        ("class", (NetworkConfig,), "클래스 NetworkConfig 자체"),
    ],
    "q2": [
        ("hard-coded", (lambda logits: [2, 6],), "같은 답을 돌려줬어요"),
        ("hard-coded-notebook", (lambda logits: [1, 5, 9],), "같은 답을 돌려줬어요"),
        ("constant-empty", (lambda logits: [],), "같은 답을 돌려줬어요"),
        ("any-zero", (lambda logits: np.flatnonzero(zero(logits).any(axis=0)),), "한 이미지에서라도"),
        ("mostly-zero", (lambda logits: np.flatnonzero(zero(logits).mean(axis=0) > 0.9),), "일부 이미지에서만"),
        ("first-rows", (lambda logits: np.flatnonzero(zero(logits)[:3].all(axis=0)),), "일부 이미지에서만"),
        ("swapped-axis", (lambda logits: np.flatnonzero(zero(logits).all(axis=1)),), "axis=0"),
        ("never-predicted", (lambda logits: sorted(set(range(10)) - set(np.argmax(logits, axis=1))),),
         "한 번도 예측되지 않은"),
        ("drops-class-0", (lambda logits: [c for c in np.flatnonzero(zero(logits).all(axis=0)) if c],), "빠뜨렸어요"),
        ("count", (lambda logits: int(zero(logits).all(axis=0).sum()),), "개수가 아니라"),
        ("matrix", (lambda logits: zero(logits),), "참/거짓 배열"),
        ("wrong-type", (lambda logits: "1, 5",), "클래스 번호의 리스트"),
        ("no-return", (lambda logits: None,), "return"),
        ("error", (lambda logits: logits.all_zero(),), "오류"),
        ("not-a-function", ([1, 5],), "함수"),
    ],
    "q3": [
        ("other-option", ("b",), "어떤 실수든 받아요"),
        ("other-option", ("c",), "학습이 막혀서"),
        ("other-option", ("d",), "훈련 세트에서도"),
        ("two-options", ("ab",), "하나만"),
        ("several-in-a-list", (["a", "c"],), "하나만"),
        ("empty", ("",), "비어"),
        ("not-an-option", ("e",), "보기에 없는"),
        ("wrong-type", (1,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_dead_classes_runs_several_cases_with_different_answers():
    cases = ex._dead_cases()
    answers = [tuple(ex._dead(logits)) for logits in cases]
    assert len(cases) >= 2 and len(set(answers)) == len(answers)
    assert () in answers and any(0 in a for a in answers)
    # 한 열이 한 이미지만 빼고 모두 0인 벌이 있습니다("거의 다 0"은 틀립니다).
    assert any(((logits == 0).sum(axis=0) == len(logits) - 1).any() for logits in cases)


def test_wrong_answer_messages_do_not_reveal_the_hidden_answers():
    hidden = {str(ex._dead(logits)) for logits in ex._dead_cases()} | {"[0, 4, 9]", "(0, 4, 9)", "0, 4, 9"}
    for _, answers, _ in WRONG["q2"]:
        message = q2.feedback(*answers).message
        assert not any(h in message for h in hidden), message


def test_a_function_that_changes_its_input_does_not_change_later_checks():
    def destructive(logits):
        logits[:] = 0
        return list(range(10))

    fails(q2, "", destructive)
    passes(q2, lambda logits: np.flatnonzero(zero(logits).all(axis=0)))
