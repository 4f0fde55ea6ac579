"""연습 5: 완전 연결 층 뒤에 드롭아웃 더하기. 정확도를 잴 때는 드롭아웃을 꺼야 합니다."""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_array, as_config, call, single_choice

RATE = 0.3


def _check_config(dropout_config) -> str:
    from cnn_course.config import NetworkConfig

    config = as_config(dropout_config, "dropout_config")
    rate = config.dropout_rate
    if rate == 0:
        raise Wrong("dropout_rate가 0이에요. 0이면 드롭아웃을 하지 않아요.")
    if abs(rate - (1 - RATE)) < 1e-9:
        raise Wrong(f"{rate:g}은(는) 남기는 비율(keep probability)이에요. TensorFlow 2의 "
                    f"dropout_rate는 끄는 비율이라 30%를 끄려면 {RATE}예요.")
    if abs(rate - RATE) > 1e-9:
        raise Wrong(f"dropout_rate가 {rate:g}예요. 뉴런의 30%를 끄려면 {RATE}이에요.")
    if config != NetworkConfig(dropout_rate=RATE):
        raise Wrong("드롭아웃 말고 다른 설정도 바뀌었어요. NetworkConfig(dropout_rate=0.3)처럼 "
                    "드롭아웃만 바꿔야 기본 신경망과 공정하게 비교할 수 있어요.")
    return "드롭아웃은 학습할 때(training=True)만 켜져요. 평가할 때 신경망은 모든 뉴런을 써요."


_CASE: dict = {}


def _tiny_case():
    """드롭아웃이 있는 작은 신경망과 이미지 64장, 그리고 드롭아웃을 켜고 끈 예측."""
    if not _CASE:
        from cnn_course.config import NetworkConfig
        from cnn_course.environment import import_tensorflow
        from cnn_course.model import ConvNet

        tf = import_tensorflow()
        config = NetworkConfig(filter_sizes=(3,), num_filters=(2,), fc_sizes=(16,), dropout_rate=0.5)
        net = ConvNet(config, seed=3)
        images = np.random.default_rng(5).random((64, 784), dtype=np.float32)
        _CASE.update(
            net=net, images=images,
            off=tf.argmax(net(images), axis=1).numpy(),
            on=tf.argmax(net(images, training=True), axis=1).numpy(),
        )
    return _CASE


def _check_predict(predict) -> str:
    case = _tiny_case()
    net, images = case["net"], case["images"]
    result = as_array(call(predict, "predict", net, images.copy()), "predict의 결과")
    n = len(images)
    if result.shape == (n, 10):
        raise Wrong("클래스마다 값(로짓이나 확률) [이미지 수, 10]을 돌려줬어요. 클래스 번호 [이미지 수]를 "
                    "돌려주세요: tf.argmax(logits, axis=1).")
    if result.shape == (10,):
        raise Wrong("결과의 모양이 (10,)예요. argmax를 axis=0으로 구했나요? 이미지마다 클래스를 고르려면 axis=1이에요.")
    if result.shape != (n,):
        raise Wrong(f"결과의 모양이 {result.shape}예요. 이미지 {n}장이면 클래스 번호 {n}개, 모양 ({n},)이어야 해요.")
    if not np.array_equal(result, np.round(result)):
        raise Wrong("결과에 정수가 아닌 값이 있어요. 클래스 번호(0~9)를 돌려주세요.")
    again = as_array(call(predict, "predict", net, images.copy()), "predict의 결과")
    if not np.array_equal(result, again):
        raise Wrong("같은 이미지로 두 번 불렀는데 결과가 달라요. 드롭아웃이 켜져 있으면 예측이 흔들려요.")
    if np.array_equal(result, case["off"]):
        return "평가할 때는 training=False(기본값): 드롭아웃 없이 모든 뉴런을 써요."
    if np.array_equal(result, case["on"]):
        raise Wrong("드롭아웃이 켜진 채로 예측했어요(training=True). 평가할 때는 training=False(기본값)로 부르세요.")
    wrong = int((result != case["off"]).sum())
    raise Wrong(f"이미지 {n}장 가운데 {wrong}장의 예측이 net(images)의 argmax와 달라요. "
                "드롭아웃을 켜지 않았는지, 로짓에서 argmax를 구했는지 확인하세요.")


q1 = Question(
    "문제 1", "dropout_config", _check_config,
    hints=["NetworkConfig의 dropout_rate는 끄는 뉴런의 비율이에요."],
    solution="dropout_config = NetworkConfig(dropout_rate=0.3)",
)

q2 = Question(
    "문제 2", "predict", _check_predict,
    hints=["net(images)는 로짓 [이미지 수, 10]을 돌려줘요. training을 주지 않으면 False예요.",
           "def predict(net, images): return tf.argmax(net(images, training=False), axis=1).numpy()"],
    solution="""
def predict(net, images):
    logits = net(images, training=False)  # 드롭아웃 끔
    return tf.argmax(logits, axis=1).numpy()
""",
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
    solution='why_off = "c"',
)
