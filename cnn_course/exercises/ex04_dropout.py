"""연습 4: 완전 연결 층 뒤에 드롭아웃 더하기(원본 강좌의 연습 5). 정확도를 잴 때는 드롭아웃을 꺼야 합니다.

문제 2의 채점기는 부를 때마다 드롭아웃이 있는 작은 신경망과 이미지를 새로 만듭니다(숨긴 시험 두 개).
첫 시험의 신경망은 이미지마다 다른 클래스를 예측하므로, 상수, 뒤집은 순서, 정렬한 예측은 통과하지
못합니다. 둘째 시험은 이미지 수가 달라, 길이를 박아 둔 답을 잡아냅니다.
"""

from __future__ import annotations

import numpy as np

from cnn_course.korean import josa

from .core import Question, Wrong, as_array, as_config, call, close, config_differences, single_choice

RATE = 0.3


def _check_config(dropout_config) -> str:
    from cnn_course.config import NetworkConfig

    config = as_config(dropout_config, "dropout_config")
    rate = config.dropout_rate
    if rate == 0:
        raise Wrong("dropout_rate가 0이에요. 0이면 드롭아웃을 하지 않아요.")
    if close(rate, 1 - RATE):
        raise Wrong(f"{josa(f'{rate:g}', '은/는')} 남기는 비율(keep probability)이에요. TensorFlow 2의 "
                    f"dropout_rate는 끄는 비율이라 30%를 끄려면 {josa(RATE, '이에요/예요')}.")
    if not close(rate, RATE):
        raise Wrong(f"dropout_rate가 {josa(f'{rate:g}', '이에요/예요')}. 뉴런의 30%를 끄려면 {josa(RATE, '이에요/예요')}.")
    others = config_differences(config, NetworkConfig(dropout_rate=RATE))
    if others:
        listed = ", ".join(f"{f}={getattr(config, f)!r}" for f in others)
        raise Wrong(f"드롭아웃 말고 다른 설정도 바뀌었어요: {listed}. NetworkConfig(dropout_rate=0.3)처럼 "
                    "드롭아웃만 바꿔야 기본 신경망과 공정하게 비교할 수 있어요.")
    return "드롭아웃은 학습할 때(training=True)만 켜져요. 평가할 때 신경망은 모든 뉴런을 써요."


def _tiny_net(seed: int):
    """드롭아웃(50%)이 있는 작은 신경망(8×8 흑백 이미지). 마지막 층의 가중치를 크게, 편향을 0으로 바꿔
    이미지마다 예측이 달라지게 합니다. 부를 때마다 새로 만듭니다."""
    from cnn_course.config import NetworkConfig
    from cnn_course.model import ConvNet

    config = NetworkConfig(filter_sizes=(3,), num_filters=(4,), fc_sizes=(32,), dropout_rate=0.5, img_size=8)
    net = ConvNet(config, seed=seed)
    rng = np.random.default_rng(seed)
    for layer in net.fc_layers:
        layer.biases.assign(np.zeros(layer.biases.shape, np.float32))
    last = net.fc_layers[-1]
    last.weights.assign(rng.normal(size=last.weights.shape).astype(np.float32))
    return net, rng


def _predictions(net, images) -> np.ndarray:
    from cnn_course.environment import import_tensorflow

    tf = import_tensorflow()
    return tf.argmax(net(images, training=False), axis=1).numpy()


def hidden_cases() -> list[tuple]:
    """(신경망, 이미지, 드롭아웃을 끈 예측)의 목록. 채점할 때마다 새로 만듭니다.

    첫 시험: 이미지 후보 300장 가운데, 예측한 클래스마다 최대 6장을 골라 섞은 이미지들(클래스 네 개
    이상이 섞여 있습니다). 둘째 시험: 다른 신경망과 이미지 9장.
    """
    net, rng = _tiny_net(1)
    pool = rng.normal(size=(300, 64)).astype(np.float32)
    predicted = _predictions(net, pool)
    chosen = np.concatenate([np.flatnonzero(predicted == c)[:6] for c in range(10)])
    rng.shuffle(chosen)
    first = pool[chosen]
    second_net, rng2 = _tiny_net(3)
    second = rng2.normal(size=(9, 64)).astype(np.float32)
    return [(net, first, _predictions(net, first)), (second_net, second, _predictions(second_net, second))]


def _student_classes(predict, net, images) -> np.ndarray:
    before = [variable.numpy().copy() for variable in net.trainable_variables]
    result = as_array(call(predict, "predict", net, images.copy()), "predict의 결과")
    if any(not np.array_equal(old, variable.numpy()) for old, variable in zip(before, net.trainable_variables)):
        raise Wrong("`predict`가 신경망의 가중치를 바꿨어요. 예측하는 함수는 net을 읽기만 해야 해요"
                    "(assign이나 학습은 하지 마세요).")
    n = len(images)
    if result.shape == (n, 10):
        raise Wrong("클래스마다 값(로짓이나 확률) [이미지 수, 10]을 돌려줬어요. 클래스 번호 [이미지 수]를 "
                    "돌려주세요: tf.argmax(logits, axis=1).")
    if result.shape == (10,):
        raise Wrong("결과의 모양이 (10,)예요. argmax를 axis=0으로 구했나요? 이미지마다 클래스를 고르려면 axis=1이에요.")
    if result.shape != (n,):
        raise Wrong(f"결과의 모양이 {josa(result.shape, '이에요/예요')}. 이미지 {n}장이면 클래스 번호 {n}개, "
                    f"모양 ({n},)이어야 해요. 채점기는 이미지 수를 바꿔 가며 부르니, 수를 박아 두지 마세요.")
    if not np.all(np.isfinite(result)) or not np.array_equal(result, np.round(result)):
        raise Wrong("결과에 정수가 아닌 값이 있어요. 클래스 번호(0~9)를 돌려주세요.")
    if result.min() < 0 or result.max() > 9:
        raise Wrong("결과에 0~9 밖의 값이 있어요. 클래스 번호는 argmax가 돌려주는 0~9예요.")
    return result.astype(int)


def _check_predict(predict) -> str:
    for number, (net, images, expected) in enumerate(hidden_cases(), 1):
        result = _student_classes(predict, net, images)
        again = _student_classes(predict, net, images)
        if not np.array_equal(result, again):
            raise Wrong("같은 이미지로 두 번 불렀는데 결과가 달라요. 드롭아웃이 켜진 채로 예측하면(training=True) "
                        "어떤 뉴런이 꺼지느냐에 따라 예측이 흔들려요. 평가할 때는 training=False예요.")
        if np.array_equal(result, expected):
            continue
        if len(np.unique(result)) == 1 and len(np.unique(expected)) > 1:
            raise Wrong(f"시험 {number}에서 모든 이미지를 같은 클래스({result[0]})로 예측했어요. 시험 신경망은 "
                        "이미지마다 다른 클래스를 예측해요. 들어온 net과 images로 계산하세요.")
        wrong = int((result != expected).sum())
        raise Wrong(f"시험 {number}: 이미지 {len(images)}장 가운데 {wrong}장의 예측이 드롭아웃을 끈 "
                    "net(images)의 argmax와 달라요. 로짓에서 axis=1로 argmax를 구했는지, 이미지 순서를 "
                    "바꾸지 않았는지, 드롭아웃을 켜지 않았는지 확인하세요.")
    return "평가할 때는 training=False(기본값): 드롭아웃 없이 모든 뉴런을 써요."


q1 = Question(
    "문제 1", "dropout_config", _check_config,
    hints=["NetworkConfig의 dropout_rate는 끄는 뉴런의 비율이에요."],
)

q2 = Question(
    "문제 2", "predict", _check_predict,
    hints=["net(images)는 로짓 [이미지 수, 10]을 돌려줘요. training을 주지 않으면 False예요.",
           "def predict(net, images): return tf.argmax(net(images, training=False), axis=1).numpy()"],
)

q3 = Question(
    "문제 3", "why_off", single_choice(
        "c",
        {
            "a": "드롭아웃은 어떤 이미지에든 쓸 수 있어요. 테스트 이미지에서도 오류 없이 돌아가요.",
            "b": "평가는 가중치를 바꾸지 않아요. 옵티마이저가 가중치를 바꾸는 것은 학습할 때뿐이에요.",
            "d": "드롭아웃을 켜도 계산은 거의 줄지 않아요. 꺼진 뉴런도 곱셈은 해요.",
        },
        name="why_off",
        because="드롭아웃을 켠 채로 평가하면 신경망의 일부만으로 예측하고, 어떤 뉴런이 꺼지느냐에 따라 "
                "결과가 달라져요. 학습한 신경망 전체의 실력을 재려면 꺼야 해요.",
    ),
    hints=["드롭아웃을 켠 채로 같은 이미지를 두 번 분류하면 어떻게 될까요?"],
)
