"""연습 문제 채점기 검사의 표(tests/test_exNN_*.py가 함께 씁니다).

문제마다 두 표를 둡니다. RIGHT[문제]: 맞는 답(여러 형태)의 목록, 각각 답 변수들의 튜플.
WRONG[문제]: (종류, 답 튜플, 메시지에 있어야 할 말)의 목록. 종류는 constant, reordered, swapped,
out-of-range, degenerate, hard-coded, wrong-type 같은 틀린 답의 갈래입니다(같은 갈래의 답이 여럿이면
종류 이름도 같게 적습니다: 다른 보기 셋은 모두 other-option).
"""

from __future__ import annotations

from cnn_course.exercises.core import CORRECT, WRONG, Feedback, Question

MIN_RIGHT_FORMS = 2
MIN_WRONG_KINDS = 6
MAX_MESSAGE = 400  # 틀린 답의 설명은 짧은 문장들이지 오류 추적(traceback)이 아닙니다


def passes(question: Question, *answers) -> Feedback:
    feedback = question.feedback(*answers)
    assert feedback.status == CORRECT, feedback.message
    return feedback


def fails(question: Question, fragment: str, *answers) -> Feedback:
    feedback = question.feedback(*answers)
    assert feedback.status == WRONG, f"{feedback.status}: {feedback.message}"
    assert fragment in feedback.message, feedback.message
    assert "Traceback" not in feedback.message and "File \"" not in feedback.message, feedback.message
    assert len(feedback.message) <= MAX_MESSAGE, f"{len(feedback.message)}자: {feedback.message}"
    return feedback


def right_cases(right: dict) -> list:
    return [(name, answers) for name, rows in right.items() for answers in rows]


def wrong_cases(wrong: dict) -> list:
    return [(name, kind, answers, fragment) for name, rows in wrong.items() for kind, answers, fragment in rows]


def case_id(value) -> str:
    return value if isinstance(value, str) and len(value) < 40 else "-"


def assert_full_tables(module, right: dict, wrong: dict) -> None:
    """모듈의 문제마다 맞는 형태가 둘 이상, 서로 다른 종류의 틀린 답이 여섯 이상 표에 있는지."""
    questions = sorted(n for n, v in vars(module).items() if isinstance(v, Question))
    assert sorted(right) == questions and sorted(wrong) == questions
    for name in questions:
        assert len(right[name]) >= MIN_RIGHT_FORMS, name
        kinds = {kind for kind, _, _ in wrong[name]}
        assert len(kinds) >= MIN_WRONG_KINDS, (name, kinds)


def table_tests(module, right: dict, wrong: dict):
    """한 채점 모듈의 표 검사 셋: 표가 다 찼는지, 맞는 답이 통과하는지, 틀린 답이 이유와 함께 떨어지는지.

    테스트 파일에서 `test_tables_are_full, test_right_answers_pass, test_wrong_answers_are_rejected
    = table_tests(ex, RIGHT, WRONG)`처럼 받으면 pytest가 그 이름으로 모읍니다.
    """
    import pytest

    def test_tables_are_full():
        assert_full_tables(module, right, wrong)

    @pytest.mark.parametrize("name,answers", right_cases(right), ids=case_id)
    def test_right_answers_pass(name, answers):
        passes(getattr(module, name), *answers)

    @pytest.mark.parametrize("name,kind,answers,fragment", wrong_cases(wrong), ids=case_id)
    def test_wrong_answers_are_rejected(name, kind, answers, fragment):
        fails(getattr(module, name), fragment, *answers)

    return test_tables_are_full, test_right_answers_pass, test_wrong_answers_are_rejected
