"""cnn_course.export: 내보낸 가중치, NumPy 순전파, 책에 넣은 내보내기(_static/demo)."""

import json
from pathlib import Path

import numpy as np
import pytest

from cnn_course import export
from cnn_course.config import NetworkConfig
from cnn_course.export import export_network, forward, load_export, load_samples

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "_static" / "demo"
LIMIT_BYTES = 600 * 1024  # 이슈 12: 커밋하는 내보내기는 600 KB 이하


@pytest.fixture(scope="module")
def small_net():
    from cnn_course.model import ConvNet

    return ConvNet(seed=3)


def test_export_writes_little_endian_float16_and_loads_back(small_net, tmp_path):
    manifest = export_network(small_net, tmp_path)
    loaded = load_export(tmp_path)
    blob = (tmp_path / "network.bin").read_bytes()
    assert len(blob) == 2 * small_net.num_parameters
    assert manifest == loaded.manifest
    assert manifest["dtype"] == "float16" and manifest["byteOrder"] == "little"
    assert loaded.config == small_net.config
    for name, variable in small_net.variables_by_name().items():
        entry = next(e for e in manifest["tensors"] if e["name"] == name)
        raw = np.frombuffer(blob[entry["offset"]:entry["offset"] + entry["bytes"]], dtype="<f2")
        expected = variable.numpy().astype(np.float16)
        np.testing.assert_array_equal(raw.reshape(entry["shape"]), expected)
        np.testing.assert_array_equal(loaded.tensors[name], expected.astype(np.float32))
        assert loaded.tensors[name].dtype == np.float32


def test_numpy_forward_is_the_networks_computation(small_net, tmp_path, mnist):
    """같은(float16으로 줄인) 가중치라면 NumPy 순전파는 TensorFlow의 층 출력과 같습니다."""
    from cnn_course.model import ConvNet

    export_network(small_net, tmp_path)
    loaded = load_export(tmp_path)
    net = ConvNet(seed=3)
    for name, variable in net.variables_by_name().items():
        variable.assign(loaded.tensors[name])
    images = mnist.x_test[:40]
    expected = net.layer_outputs(images)
    ours = forward(loaded, images, batch=16)  # 묶음 경계를 지나도 같아야 합니다
    for name in ("conv1", "conv2", "fc1", "logits"):
        assert ours[name].shape == tuple(expected[name].shape)
        np.testing.assert_allclose(ours[name], expected[name].numpy(), atol=2e-5, rtol=1e-4, err_msg=name)
    assert ours["conv1"].max() > 0 and (ours["conv2"] == 0).any()  # ReLU가 실제로 일합니다
    probabilities = ours["probabilities"]
    np.testing.assert_allclose(probabilities.sum(axis=1), 1)
    np.testing.assert_array_equal(probabilities.argmax(axis=1), net.classify(net.as_images(images)).numpy())


def test_forward_accepts_flat_and_square_images(tmp_path, small_net, mnist):
    export_network(small_net, tmp_path)
    loaded = load_export(tmp_path)
    flat = forward(loaded, mnist.x_test[:3].reshape(3, 784))["logits"]
    square = forward(loaded, mnist.x_test[:3].reshape(3, 28, 28))["logits"]
    np.testing.assert_array_equal(flat, square)


def test_configurations_the_page_cannot_compute_are_refused(tmp_path):
    from cnn_course.model import ConvNet

    with pytest.raises(ValueError, match="activation_first"):
        export_network(ConvNet(NetworkConfig(activation_first=True)), tmp_path)
    assert not (tmp_path / "network.json").exists()


def test_a_foreign_manifest_is_refused(tmp_path):
    (tmp_path / "network.json").write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ValueError, match="cnn_course.export"):
        load_export(tmp_path)


def test_command_line_without_a_folder_prints_usage(capsys):
    assert export.main([]) == 2
    assert "사용법" in capsys.readouterr().err


def test_committed_export_is_the_default_network_after_10000_iterations_and_small():
    loaded = load_export(COMMITTED)
    manifest = loaded.manifest
    assert loaded.config == NetworkConfig()
    assert manifest["iterations"] == export.ITERATIONS == 10_000
    sizes = {name: (COMMITTED / name).stat().st_size for name in ("network.json", "network.bin", "samples.bin")}
    assert sizes["network.json"] + sizes["network.bin"] <= LIMIT_BYTES, sizes
    assert sum(sizes.values()) <= LIMIT_BYTES, sizes
    assert sum(value.size for value in loaded.tensors.values()) == 242_062


def test_committed_samples_hold_every_digit_and_the_networks_mistakes():
    loaded = load_export(COMMITTED)
    info = loaded.manifest["samples"]
    images, labels = load_samples(COMMITTED)
    assert images.shape == (len(labels), 28, 28) and len(labels) <= 40
    assert set(labels) == set(range(10))
    predicted = forward(loaded, images)["probabilities"].argmax(axis=1)
    np.testing.assert_array_equal(predicted, info["predicted"])  # 쪽이 표시하는 답은 이 가중치의 답
    wrong = predicted != labels
    assert 5 <= wrong.sum() <= 12
    assert len(set(info["indices"])) == len(labels)


@pytest.fixture(scope="module")
def ci_network(mnist):
    """CI가 6장 노트북을 위해 학습하는(또는 캐시에서 꺼내는) 신경망: 기본 구성, 10,000번.

    노트북과 같은 캐시(CNN_COURSE_CACHE)를 쓰므로 한 CI 실행에서 10,000번 학습은 한 번뿐입니다.
    """
    from cnn_course.cache import trained

    return trained(mnist, export.ITERATIONS, out=None)


def test_committed_export_agrees_with_the_network_trained_here(ci_network, mnist):
    """다른 CPU는 조금 다른 비트를 학습할 수 있습니다: 같은 클래스를 고르는 비율이 99.5% 이상이면 됩니다."""
    net = ci_network.net
    ours = forward(load_export(COMMITTED), mnist.x_test)["probabilities"].argmax(axis=1)
    theirs = net.classify(net.as_images(mnist.x_test)).numpy()
    agreement = (ours == theirs).mean()
    print(f"내보낸 신경망과 여기서 학습한 신경망이 같은 클래스를 고른 비율: {agreement:.2%}")
    assert agreement >= 0.995
    assert (ours == mnist.y_test_cls).mean() > 0.97


def test_committed_export_is_a_fresh_export_when_this_machine_learned_the_same_bits(ci_network, tmp_path):
    """이 컴퓨터가 같은 가중치(float16 비트)를 학습했다면, 다시 내보낸 파일은 커밋한 것과 바이트까지 같습니다.

    비트가 다르면(다른 CPU) 이 비교는 뜻이 없고, 위의 99.5% 테스트가 대신합니다.
    """
    fresh = export_network(ci_network, tmp_path)
    committed = load_export(COMMITTED).manifest
    if (tmp_path / "network.bin").read_bytes() != (COMMITTED / "network.bin").read_bytes():
        pytest.skip("이 컴퓨터가 학습한 신경망은 커밋한 내보내기와 float16 비트가 다릅니다.")
    assert {key: value for key, value in committed.items() if key != "samples"} == fresh
