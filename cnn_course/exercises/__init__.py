"""연습 문제의 채점기. 노트북마다 모듈이 하나 있고, 문제는 q1, q2, ...입니다.

    from cnn_course.exercises import ____
    from cnn_course.exercises.ex01_randomness import q1, q2

    q1.check()     # 답을 확인합니다
    q1.hint()      # 힌트(q1.hint(2)는 더 자세한 힌트)
    q1.solution()  # 풀이

`____`는 아직 채우지 않은 빈칸입니다. 채점기는 빈칸에 "아직 풀지 않았어요"라고 답합니다.
이 하위 패키지는 강좌 패키지 맨 위에 있습니다: 패키지의 다른 모듈은 이것을 가져오지 않습니다.
"""

from .core import ____, Feedback, Question, is_blank

__all__ = ["____", "Feedback", "Question", "is_blank"]
