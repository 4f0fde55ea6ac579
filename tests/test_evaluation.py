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
