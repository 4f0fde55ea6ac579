import numpy as np
import pytest

from cnn_course import ConvNet, Evaluation, evaluate, predict_classes


def test_message_has_percent_and_counts():
    e = Evaluation(cls_true=np.array([1, 2, 3, 4]), cls_pred=np.array([1, 2, 0, 4]))
    assert e.accuracy == 0.75 and e.num_correct == 3
    assert e.message() == "테스트 세트 정확도: 75.0% (3 / 4)"


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    e = Evaluation(cls_true=np.array([0, 0, 1, 2]), cls_pred=np.array([0, 1, 1, 1]))
    m = e.confusion_matrix(num_classes=3)
    np.testing.assert_array_equal(m, [[1, 1, 0], [0, 1, 0], [0, 1, 0]])
    assert m.sum() == 4


def test_prediction_in_batches_equals_prediction_at_once():
    net = ConvNet()
    x = np.random.default_rng(0).random((300, 784), dtype=np.float32)
    at_once = np.argmax(net(x).numpy(), axis=1)
    np.testing.assert_array_equal(predict_classes(net, x, batch_size=256), at_once)
    np.testing.assert_array_equal(predict_classes(net, x, batch_size=7), at_once)


def test_evaluate_checks_lengths():
    with pytest.raises(ValueError, match="정답 수"):
        evaluate(ConvNet(), np.zeros((3, 784), np.float32), [1, 2])


def test_bad_batch_size_is_reported():
    with pytest.raises(ValueError, match="batch_size"):
        predict_classes(ConvNet(), np.zeros((3, 784), np.float32), batch_size=0)


def test_one_confusion_matrix_function_checks_its_input():
    from cnn_course.evaluation import confusion_matrix

    np.testing.assert_array_equal(confusion_matrix([0, 1], [1, 1], num_classes=2), [[0, 1], [0, 1]])
    with pytest.raises(ValueError, match="cls_true의 길이"):
        confusion_matrix([0, 1], [1], num_classes=2)
    with pytest.raises(ValueError, match="cls_pred에 0부터 1까지의 범위를 벗어난"):
        confusion_matrix([0, 1], [1, 2], num_classes=2)


def test_evaluation_attaches_nothing_to_the_network():
    """예측 그래프는 ConvNet이 스스로 만들어 둡니다(evaluation이 남의 객체에 속성을 붙이지 않습니다)."""
    net = ConvNet()
    before = set(vars(net))
    x = np.random.default_rng(1).random((5, 784), dtype=np.float32)
    first = predict_classes(net, x)
    assert set(vars(net)) == before
    graph = net._classify
    np.testing.assert_array_equal(predict_classes(net, x, batch_size=2), first)
    assert net._classify is graph  # 한 번만 추적합니다.


def test_evaluation_does_not_import_tensorflow():
    import subprocess
    import sys

    code = ("import sys; import cnn_course.evaluation; "
            "sys.exit('tensorflow' in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
