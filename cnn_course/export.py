"""학습한 신경망을 브라우저가 읽는 작은 파일 두 개로 내보냅니다("직접 그려 보기" 쪽이 씁니다).

- `network.json`(목록, manifest): 구성, 반복 수, 그리고 텐서마다 이름, 모양, 바이트 위치.
- `network.bin`(가중치): 모든 텐서를 리틀 엔디언 float16으로 이어 붙인 것.

float16은 float32의 절반(기본 구성 242,062개 -> 484 KB)이고, 가중치(절댓값 1보다 작음)의 상대
오차는 2^-11(약 0.05%) 이하입니다. 내보낸 신경망과 원래 신경망은 시험 이미지 10,000장에서 거의 모두
같은 클래스를 고릅니다(tests/test_export.py가 99.5% 이상을 확인합니다). int8 양자화라면 절반으로 더
줄지만 층마다 배율을 두어야 하고 오차가 커서, 이 크기의 신경망에는 float16으로 충분합니다.

`forward`는 쪽의 `_static/demo/forward.js`가 하는 계산을 NumPy로 그대로 한 참고 구현입니다:
합성곱(5x5, SAME) -> 편향 -> 2x2 최대 풀링 -> ReLU를 두 번, 평탄화(높이, 너비, 채널 순서),
완전 연결 층과 ReLU, 마지막 완전 연결 층(로짓), 소프트맥스. 드롭아웃은 추론에서 쓰지 않습니다.
TensorFlow 없이 동작합니다.

명령 줄: `python -m cnn_course.export _static/demo`는 캐시의 6장 신경망(기본 구성, 10,000번 학습;
캐시에 없으면 학습)을 그 폴더에 내보냅니다. `make notebooks`가 노트북을 다시 실행한 뒤 부릅니다.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

from .config import NetworkConfig

FORMAT = "cnn-course-network"
FORMAT_VERSION = 1
MANIFEST = "network.json"
WEIGHTS = "network.bin"
SAMPLES = "samples.bin"  # 쪽의 이미지 고르개가 보여 주는 시험 이미지(uint8, 28x28씩)
DTYPE = np.dtype("<f2")  # 리틀 엔디언 float16
ITERATIONS = 10_000  # 6장이 학습하는 반복 수


@dataclasses.dataclass(frozen=True)
class Export:
    """불러온 내보내기: 목록(manifest)과 이름 -> float32 배열(`conv1/weights`, ..., `fc2/biases`)."""

    manifest: dict
    tensors: dict

    @property
    def config(self) -> NetworkConfig:
        fields = {key: tuple(value) if isinstance(value, list) else value
                  for key, value in self.manifest["config"].items()}
        return NetworkConfig(**fields)


def _check_supported(config: NetworkConfig) -> None:
    """쪽의 순전파가 하는 계산(기본 구성의 층 순서)과 다른 구성은 내보내지 않습니다."""
    different = [name for name, value in [("pooling", "max"), ("activation", "relu"),
                                          ("activation_first", False), ("activation_on_logits", False)]
                 if getattr(config, name) != value]
    if different or config.num_channels != 1:
        raise ValueError(
            "브라우저의 순전파는 흑백 이미지, 2x2 최대 풀링 다음 ReLU인 구성만 계산합니다. "
            f"이 구성은 {', '.join(different) or 'num_channels'} 값이 다릅니다."
        )


def export_network(source, directory, samples: tuple | None = None) -> dict:
    """신경망(`ConvNet`이나 `Trainer`)을 `directory`에 `network.json`과 `network.bin`으로 씁니다.

    `samples`가 (이미지 [N, 28, 28] 또는 [N, 784]의 0~1 실수, 정답 클래스 [N], 시험 세트 번호 [N])이면
    그 이미지들을 `samples.bin`(uint8)에 쓰고 정답, 번호, 내보낸 신경망의 답을 목록에 적습니다.
    돌려주는 값은 목록입니다.
    """
    net = getattr(source, "net", source)
    iterations = getattr(source, "total_iterations", None)
    _check_supported(net.config)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tensors, chunks, offset, arrays = [], [], 0, {}
    for name, variable in net.variables_by_name().items():
        values = np.asarray(variable.numpy(), dtype=np.float32).astype(DTYPE)
        arrays[name] = values.astype(np.float32)
        data = values.tobytes()
        tensors.append({"name": name, "shape": list(values.shape), "offset": offset, "bytes": len(data)})
        chunks.append(data)
        offset += len(data)
    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION, "dtype": "float16", "byteOrder": "little",
        "config": dataclasses.asdict(net.config), "iterations": iterations,
        "weights": WEIGHTS, "tensors": tensors,
    }
    if samples is not None:
        images, labels, indices = samples
        pixels = np.rint(np.asarray(images, dtype=np.float64).reshape(len(labels), -1) * 255)
        (directory / SAMPLES).write_bytes(np.clip(pixels, 0, 255).astype(np.uint8).tobytes())
        stored = np.frombuffer((directory / SAMPLES).read_bytes(), dtype=np.uint8) / 255
        predicted = forward(Export(manifest, arrays), stored)["probabilities"].argmax(axis=1)
        manifest["samples"] = {"file": SAMPLES, "labels": [int(v) for v in labels],
                               "indices": [int(v) for v in indices],
                               "predicted": [int(v) for v in predicted]}
    (directory / WEIGHTS).write_bytes(b"".join(chunks))
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")
    return json.loads(text)  # 파일에 쓴 그대로(튜플은 목록으로)


def load_export(directory) -> Export:
    """`export_network`가 쓴 폴더를 읽습니다. 텐서는 float32 배열입니다(float16 값 그대로)."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ValueError(f"cnn_course.export가 내보낸 신경망 목록이 아닙니다: {directory / MANIFEST}")
    blob = (directory / manifest["weights"]).read_bytes()
    tensors = {}
    for entry in manifest["tensors"]:
        raw = blob[entry["offset"]:entry["offset"] + entry["bytes"]]
        tensors[entry["name"]] = np.frombuffer(raw, dtype=DTYPE).astype(np.float32).reshape(entry["shape"])
    return Export(manifest, tensors)


def load_samples(directory) -> tuple[np.ndarray, np.ndarray]:
    """내보낸 예시 이미지: (0~1 float32 이미지 [N, 28, 28], 정답 클래스 [N])."""
    directory = Path(directory)
    info = load_export(directory).manifest["samples"]
    pixels = np.frombuffer((directory / info["file"]).read_bytes(), dtype=np.uint8)
    images = pixels.reshape(len(info["labels"]), 28, 28).astype(np.float32) / 255
    return images, np.array(info["labels"])


def _conv_pool_relu(x: np.ndarray, weights: np.ndarray, biases: np.ndarray) -> np.ndarray:
    """합성곱(SAME, 스트라이드 1) + 편향 -> 2x2 최대 풀링(스트라이드 2) -> ReLU. x: [N, H, W, C]."""
    k = weights.shape[0]
    before = (k - 1) // 2  # TensorFlow의 SAME: 홀수 필터는 양쪽에 같은 양, 남는 한 칸은 뒤에
    padded = np.pad(x, ((0, 0), (before, k - 1 - before), (before, k - 1 - before), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k, k), axis=(1, 2))  # [N, H, W, C, k, k]
    y = np.tensordot(windows, weights.transpose(2, 0, 1, 3), axes=([3, 4, 5], [0, 1, 2])) + biases
    n, h, w, c = y.shape
    if h % 2 or w % 2:
        raise ValueError("풀링할 특성 맵의 크기는 짝수여야 합니다(28 -> 14 -> 7).")
    pooled = y.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))
    return np.maximum(pooled, 0)


def forward(export: Export, images, batch: int = 250) -> dict:
    """쪽의 순전파와 같은 계산(float64). images: [N, 784] 또는 [N, 28, 28]의 0~1 실수.

    돌려주는 값: `conv1` [N, 14, 14, 16], `conv2` [N, 7, 7, 36], `fc1` [N, 128], `logits` [N, 10],
    `probabilities` [N, 10](소프트맥스).
    """
    config = export.config
    x = np.asarray(images, dtype=np.float64).reshape(-1, config.img_size, config.img_size, 1)
    t = {name: value.astype(np.float64) for name, value in export.tensors.items()}
    parts = []
    for start in range(0, len(x), batch):
        out, h = {}, x[start:start + batch]
        for i in range(len(config.num_filters)):
            h = out[f"conv{i + 1}"] = _conv_pool_relu(h, t[f"conv{i + 1}/weights"], t[f"conv{i + 1}/biases"])
        h = h.reshape(len(h), -1)  # 높이, 너비, 채널 순서(TensorFlow의 reshape와 같음)
        layers = len(config.fc_sizes) + 1
        for i in range(layers):
            h = h @ t[f"fc{i + 1}/weights"] + t[f"fc{i + 1}/biases"]
            if i < layers - 1:
                h = out[f"fc{i + 1}"] = np.maximum(h, 0)
        out["logits"] = h
        shifted = np.exp(h - h.max(axis=1, keepdims=True))
        out["probabilities"] = shifted / shifted.sum(axis=1, keepdims=True)
        parts.append(out)
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def choose_samples(export: Export, data, per_class: int = 3, wrong: int = 10) -> tuple:
    """고르개에 넣을 시험 이미지: 숫자마다 맞힌 것 `per_class`장과, 틀린 것 `wrong`장(서로 다른 정답).

    (이미지 [N, 784], 정답 [N], 시험 세트 번호 [N])를 돌려줍니다. 언제나 시험 세트의 앞에서부터 고릅니다.
    """
    predicted = forward(export, data.x_test)["probabilities"].argmax(axis=1)
    truth = data.y_test_cls
    right = [i for c in range(10) for i in np.flatnonzero((truth == c) & (predicted == c))[:per_class]]
    missed, seen = [], set()
    for i in np.flatnonzero(predicted != truth):
        if truth[i] not in seen:
            missed.append(int(i))
            seen.add(truth[i])
        if len(missed) == wrong:
            break
    indices = np.array(sorted(right) + missed)
    return data.x_test[indices], truth[indices], indices


def main(argv: list[str] | None = None) -> int:
    """`python -m cnn_course.export 폴더`: 캐시의 6장 신경망과 예시 이미지를 내보냅니다."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("사용법: python -m cnn_course.export <폴더>  (예: _static/demo)", file=sys.stderr)
        return 2
    from .cache import trained
    from .data import MNIST

    data = MNIST()
    trainer = trained(data, ITERATIONS)
    export_network(trainer, argv[0])
    samples = choose_samples(load_export(argv[0]), data)
    manifest = export_network(trainer, argv[0], samples=samples)
    size = sum((Path(argv[0]) / name).stat().st_size for name in (MANIFEST, WEIGHTS, SAMPLES))
    print(f"{argv[0]}에 {ITERATIONS:,}번 학습한 신경망을 내보냈습니다: 텐서 {len(manifest['tensors'])}개, "
          f"예시 이미지 {len(samples[1])}장, 모두 {size / 1024:.0f} KB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
