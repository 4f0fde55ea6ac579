"""브라우저 런타임 비교: 6장의 신경망을 헤드리스 Chromium에서 런타임마다 돌려 크기와 시간을 잽니다.

런타임:
- `tfjs-cpu`: TensorFlow.js(`@tensorflow/tfjs-core`)와 CPU 백엔드(자바스크립트)
- `tfjs-wasm`: TensorFlow.js와 WASM 백엔드
- `ort`: ONNX Runtime Web(`onnxruntime-web`), WASM, 스레드 하나
- `handwritten`: 데모 쪽의 손으로 쓴 순전파(`_static/demo/forward.js`)와 그 가중치(`network.json`, `network.bin`)

신경망은 6장의 기본 구성을 10,000번 학습한 것으로, 패키지 캐시에서 불러옵니다(학습하지 않습니다).
임시 폴더에 런타임마다의 가중치(TensorFlow.js: float32 .bin + .json, ONNX: .onnx)를 쓰고,
127.0.0.1의 HTTP 서버로 이 폴더(`benchmarks/runtimes`, node_modules 포함)를 내보낸 뒤,
런타임마다 새 브라우저 컨텍스트(빈 캐시)로 쪽을 열어 잽니다:

- 내려받는 바이트: 런타임(JS + wasm)과 가중치. 그 쪽이 실제로 요청한 파일들로 셉니다(gzip 크기도).
- 첫 예측까지: 쪽을 열기 시작한 때부터 첫 테스트 이미지의 예측이 끝날 때까지(ms). `--rounds`번 새로 연 것의 중앙값.
- 예측 한 번: 테스트 이미지 `--images`장을 한 장씩(데모가 획마다 하는 것처럼, 모든 층의 출력까지) 예측하는 시간의
  중앙값과 95번째 백분위수(모든 회차를 모아서).
- 파이썬 모델과의 일치: 같은 이미지에서 확률의 최대 차이 max|Δp|와 클래스가 같은 비율. 파이썬 모델은 그 런타임이
  받은 가중치 그대로 계산합니다(데모의 float16 가중치는 float16 값으로). 틀린 런타임이 빨라 보이지 않도록,
  max|Δp|가 1e-4를 넘거나 클래스가 하나라도 다르면 표에 "불일치"로 적고 종료 코드 1로 끝납니다.
  학습한 float32 모델과의 차이도 따로 적습니다.

회차마다 런타임을 번갈아 열어 기계의 부하가 고르게 나뉘게 합니다.

실행(저장소 루트에서, 먼저 `cd benchmarks/runtimes && npm ci`, 그리고 `onnx` 설치: pyproject.toml의 `bench`):

    .venv/bin/python benchmarks/runtimes/compare.py
    .venv/bin/python benchmarks/runtimes/compare.py --rounds 3 --images 50 --runtimes tfjs-wasm,handwritten
    .venv/bin/python benchmarks/runtimes/compare.py --demo-dir ../h12/_static/demo --json
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

RUNTIMES = {
    "tfjs-cpu": "tfjs-cpu.html",
    "tfjs-wasm": "tfjs-wasm.html",
    "ort": "ort.html",
    "handwritten": "handwritten.html",
}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# tests/test_browser.py와 같은 옵션: 인터넷 없이, GPU 없이.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TOLERANCE = 1e-4  # 이슈 12의 기준: 확률이 파이썬 모델과 1e-4 안에서 같고 클래스가 모두 같다
WARMUP = 10


# 신경망과 파이썬의 답

def load_network():
    """6장의 신경망(기본 구성, 10,000번)과 MNIST. 캐시에 없으면 학습하지 않고 멈춥니다."""
    from cnn_course.cache import trained
    from cnn_course.data import MNIST

    def refuse_training(message):  # trained()는 캐시에 없어 학습을 시작할 때만 메시지를 냅니다.
        sys.exit(f"{message}\n여기서는 학습하지 않습니다. 먼저 `make notebooks`(6장)를 실행하세요.")

    data = MNIST(download=False)
    return trained(data, 10_000, out=refuse_training).net, data


def probabilities(net, images: np.ndarray) -> np.ndarray:
    logits = net(images).numpy().astype(np.float64)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def weights(net) -> dict[str, np.ndarray]:
    return {name: variable.numpy() for name, variable in net.variables_by_name().items()}


def read_export(folder: Path) -> dict[str, np.ndarray]:
    """데모의 가중치(network.json + network.bin, float16)를 float32 배열로."""
    manifest = json.loads((folder / "network.json").read_text())
    if manifest.get("dtype") != "float16" or manifest.get("byteOrder") != "little":
        raise SystemExit(f"{folder / 'network.json'}: float16(리틀 엔디언) 내보내기가 아닙니다.")
    data = (folder / manifest["weights"]).read_bytes()
    return {t["name"]: np.frombuffer(data, "<f2", t["bytes"] // 2, t["offset"]).reshape(t["shape"]).astype(np.float32)
            for t in manifest["tensors"]}


def export_difference(float32: dict[str, np.ndarray], export: dict[str, np.ndarray]) -> float:
    """내보낸 가중치와 float32 가중치를 float16으로 반올림한 값의 최대 차이(같은 신경망에서 내보냈으면 0)."""
    return max(float(np.abs(float32[name].astype(np.float16).astype(np.float32) - export[name]).max())
               for name in float32)


def probabilities_with(net, values: dict[str, np.ndarray], images: np.ndarray) -> np.ndarray:
    """가중치를 `values`로 잠시 바꿔 계산한 확률(끝나면 원래 가중치로 되돌립니다)."""
    variables = net.variables_by_name()
    if set(values) != set(variables):
        raise SystemExit(f"내보낸 가중치의 이름이 신경망과 다릅니다: {sorted(values)}")
    saved = weights(net)
    try:
        for name, variable in variables.items():
            variable.assign(values[name])
        return probabilities(net, images)
    finally:
        for name, variable in variables.items():
            variable.assign(saved[name])


# 런타임마다의 가중치 파일

def write_tfjs(w: dict[str, np.ndarray], folder: Path) -> None:
    """float32 값을 이어 붙인 weights.bin과, 이름 -> 모양과 위치를 적은 weights.json."""
    manifest, chunks, offset = {}, [], 0
    for name, value in w.items():
        data = np.ascontiguousarray(value, dtype="<f4").tobytes()
        manifest[name] = {"shape": list(value.shape), "offset": offset}
        chunks.append(data)
        offset += len(data)
    (folder / "weights.bin").write_bytes(b"".join(chunks))
    (folder / "weights.json").write_text(json.dumps(manifest))


def write_onnx(w: dict[str, np.ndarray], folder: Path) -> None:
    """같은 신경망의 ONNX 그래프. 입력은 NHWC [N, 28, 28, 1], 평탄화는 파이썬처럼 NHWC 순서."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def conv_weight(value):  # [높이, 너비, 입력, 출력] -> ONNX [출력, 입력, 높이, 너비]
        return np.ascontiguousarray(value.transpose(3, 2, 0, 1))

    initializers = [
        numpy_helper.from_array(conv_weight(w["conv1/weights"]), "conv1_w"),
        numpy_helper.from_array(w["conv1/biases"], "conv1_b"),
        numpy_helper.from_array(conv_weight(w["conv2/weights"]), "conv2_w"),
        numpy_helper.from_array(w["conv2/biases"], "conv2_b"),
        numpy_helper.from_array(w["fc1/weights"], "fc1_w"),
        numpy_helper.from_array(w["fc1/biases"], "fc1_b"),
        numpy_helper.from_array(w["fc2/weights"], "fc2_w"),
        numpy_helper.from_array(w["fc2/biases"], "fc2_b"),
        numpy_helper.from_array(np.array([-1, 1764], dtype=np.int64), "flat_shape"),
    ]
    node = helper.make_node
    nodes = [
        node("Transpose", ["pixels"], ["x"], perm=[0, 3, 1, 2]),
        node("Conv", ["x", "conv1_w", "conv1_b"], ["c1"], kernel_shape=[5, 5], pads=[2, 2, 2, 2]),
        node("MaxPool", ["c1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        node("Relu", ["p1"], ["conv1"]),
        node("Conv", ["conv1", "conv2_w", "conv2_b"], ["c2"], kernel_shape=[5, 5], pads=[2, 2, 2, 2]),
        node("MaxPool", ["c2"], ["p2"], kernel_shape=[2, 2], strides=[2, 2]),
        node("Relu", ["p2"], ["conv2"]),
        node("Transpose", ["conv2"], ["conv2_nhwc"], perm=[0, 2, 3, 1]),
        node("Reshape", ["conv2_nhwc", "flat_shape"], ["flat"]),
        node("Gemm", ["flat", "fc1_w", "fc1_b"], ["f1"]),
        node("Relu", ["f1"], ["fc"]),
        node("Gemm", ["fc", "fc2_w", "fc2_b"], ["logits"]),
        node("Softmax", ["logits"], ["probabilities"], axis=-1),
    ]
    tensor = helper.make_tensor_value_info
    outputs = [tensor("conv1", TensorProto.FLOAT, ["N", 16, 14, 14]),
               tensor("conv2", TensorProto.FLOAT, ["N", 36, 7, 7]),
               tensor("fc", TensorProto.FLOAT, ["N", 128]),
               tensor("logits", TensorProto.FLOAT, ["N", 10]),
               tensor("probabilities", TensorProto.FLOAT, ["N", 10])]
    graph = helper.make_graph(nodes, "cnn_course_chapter6",
                              [tensor("pixels", TensorProto.FLOAT, ["N", 28, 28, 1])], outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, folder / "net.onnx")


# HTTP 서버: /net/ -> 임시 폴더, /demo/ -> 데모 폴더, 나머지 -> benchmarks/runtimes

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}

    def __init__(self, *args, mounts, served, **kwargs):
        self.mounts, self.served = mounts, served
        super().__init__(*args, directory=str(HERE), **kwargs)

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, folder in self.mounts.items():
            if clean.startswith(prefix):
                return str(Path(folder) / clean[len(prefix):])
        return super().translate_path(path)

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        super().do_GET()
        if path.is_file():
            self.served.append((self.path.split("?", 1)[0], path))

    def log_message(self, format, *args):
        pass


def start_server(mounts: dict[str, Path]):
    served: list[tuple[str, Path]] = []
    handler = functools.partial(Handler, mounts=mounts, served=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, served


def kind(url: str) -> str:
    """내려받은 파일의 종류: 가중치, 런타임(JS + wasm), 측정용 쪽(HTML, harness.js 등: 세지 않음)."""
    if url.startswith("/net/") or url.startswith("/demo/network."):
        return "weights"
    if url.startswith(("/node_modules/", "/demo/")):
        return "runtime"
    return "harness"


# 브라우저에서 재기

def measure_once(browser, base_url: str, runtime: str, images: np.ndarray, served: list) -> dict:
    """새 컨텍스트(빈 캐시)로 쪽을 한 번 열어 첫 예측까지의 시간, 예측 시간, 확률, 내려받은 파일을 잽니다."""
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"콘솔 오류: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"스크립트 예외: {error}"))
    page.on("request", lambda r: r.url.startswith((base_url, "data:", "blob:"))
            or problems.append(f"다른 호스트로 가는 요청: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    served.clear()
    try:
        first = np.rint(images[0] * 255).astype(np.uint8).tobytes().hex()
        page.goto(f"{base_url}{RUNTIMES[runtime]}?image={first}", wait_until="load")
        timings = page.evaluate("window.bench")
        files = sizes(dict(served))
        result = page.evaluate("([images, warmup]) => window.predictAll(images, warmup)",
                               [images.tolist(), WARMUP])
    finally:
        context.close()
    if problems:
        raise RuntimeError(f"{runtime}: " + "; ".join(problems))
    return {"timings": timings, "files": files, "milliseconds": result["milliseconds"],
            "probabilities": np.array(result["probabilities"], dtype=np.float64)}


def sizes(files: dict[str, Path]) -> dict:
    """쪽이 내려받은 파일의 바이트 수(그대로, gzip -6)를 런타임과 가중치로 나눠 더합니다."""
    total = {"runtime": [0, 0], "weights": [0, 0]}
    for url, path in sorted(files.items()):
        k = kind(url)
        if k in total:
            data = path.read_bytes()
            total[k][0] += len(data)
            total[k][1] += len(gzip.compress(data, compresslevel=6, mtime=0))
    return {"runtime_bytes": total["runtime"][0], "runtime_gzip": total["runtime"][1],
            "weights_bytes": total["weights"][0], "weights_gzip": total["weights"][1],
            "files": sorted(files)}


def percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def summarize(runtime: str, loads: list[dict], expected: np.ndarray, float32: np.ndarray,
              labels: np.ndarray) -> dict:
    """`expected`: 이 런타임이 받은 가중치 그대로 파이썬 모델이 낸 확률. `float32`: 학습한 float32 모델의 확률."""
    firsts = [load["timings"]["firstPrediction"] for load in loads]
    readies = [load["timings"]["ready"] for load in loads]
    per = [ms for load in loads for ms in load["milliseconds"]]
    # 첫 예측(테스트 이미지 0)도 견줍니다.
    worst = max(max(float(np.abs(load["probabilities"] - expected).max()),
                    float(np.abs(np.array(load["timings"]["probabilities"]) - expected[0]).max())) for load in loads)
    same = min(float(np.mean(load["probabilities"].argmax(1) == expected.argmax(1))) for load in loads)
    correct = float(np.mean(loads[-1]["probabilities"].argmax(1) == labels))
    worst32 = max(float(np.abs(load["probabilities"] - float32).max()) for load in loads)
    same32 = min(float(np.mean(load["probabilities"].argmax(1) == float32.argmax(1))) for load in loads)
    return {"runtime": runtime, **loads[0]["files"],
            "ready_ms": statistics.median(readies),
            "first_ms": statistics.median(firsts), "first_ms_min": min(firsts), "first_ms_max": max(firsts),
            "predict_ms": statistics.median(per), "predict_p95_ms": percentile(per, 95),
            "predict_mean_ms": statistics.fmean(per),
            "round_medians_ms": [statistics.median(load["milliseconds"]) for load in loads],
            "max_abs_dp": worst, "class_agreement": same, "accuracy": correct,
            "max_abs_dp_float32": worst32, "class_agreement_float32": same32,
            "agrees": worst <= TOLERANCE and same == 1.0}


def kb(n: int) -> str:
    return f"{n / 1024:,.0f}"


def table(rows: list[dict]) -> str:
    lines = ["| 런타임 | 런타임 KB (gzip) | 가중치 KB (gzip) | 준비 ms | 첫 예측 ms (범위) | 예측 ms 중앙값 | p95 | "
             "평균 | max\\|Δp\\| | 클래스 일치 | 판정 | float32 모델과 max\\|Δp\\| | 클래스 일치 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for r in rows:
        lines.append(
            f"| {r['runtime']} | {kb(r['runtime_bytes'])} ({kb(r['runtime_gzip'])}) | "
            f"{kb(r['weights_bytes'])} ({kb(r['weights_gzip'])}) | {r['ready_ms']:.0f} | "
            f"{r['first_ms']:.0f} ({r['first_ms_min']:.0f}~{r['first_ms_max']:.0f}) | "
            f"{r['predict_ms']:.1f} | {r['predict_p95_ms']:.1f} | {r['predict_mean_ms']:.2f} | "
            f"{r['max_abs_dp']:.1e} | {r['class_agreement']:.1%} | {'일치' if r['agrees'] else '불일치'} | "
            f"{r['max_abs_dp_float32']:.1e} | {r['class_agreement_float32']:.1%} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="6장의 신경망을 브라우저 런타임마다 재어 비교합니다.")
    parser.add_argument("--runtimes", default=",".join(RUNTIMES),
                        help=f"쉼표로 나눈 런타임 이름(기본: 모두 {', '.join(RUNTIMES)})")
    parser.add_argument("--rounds", type=int, default=7, help="런타임마다 새로 여는 횟수(기본 7)")
    parser.add_argument("--images", type=int, default=200, help="예측할 테스트 이미지 수(기본 200)")
    parser.add_argument("--demo-dir", type=Path, default=ROOT / "_static" / "demo",
                        help="forward.js, network.json, network.bin이 있는 폴더(기본: _static/demo)")
    parser.add_argument("--json", action="store_true", help="표 대신 JSON으로")
    args = parser.parse_args(argv)
    runtimes = [name.strip() for name in args.runtimes.split(",") if name.strip()]
    unknown = [name for name in runtimes if name not in RUNTIMES]
    if unknown:
        parser.error(f"모르는 런타임: {', '.join(unknown)}")
    if not (HERE / "node_modules").is_dir():
        parser.error("node_modules가 없습니다. 먼저 `cd benchmarks/runtimes && npm ci`를 실행하세요.")
    if "handwritten" in runtimes and not (args.demo_dir / "forward.js").is_file():
        parser.error(f"{args.demo_dir / 'forward.js'}가 없습니다. --demo-dir로 데모 폴더를 알려 주세요.")

    net, data = load_network()
    images, labels = data.x_test[:args.images], data.y_test_cls[:args.images]
    float32 = probabilities(net, images)
    expected = {name: float32 for name in runtimes}
    export_gap = None
    if "handwritten" in runtimes:  # 데모는 float16으로 내보낸 가중치를 씁니다: 그 값 그대로의 파이썬 모델과 견줍니다.
        export = read_export(args.demo_dir)
        expected["handwritten"] = probabilities_with(net, export, images)
        export_gap = export_difference(weights(net), export)
        if export_gap > 0:
            print(f"주의: {args.demo_dir}의 가중치가 캐시의 신경망을 float16으로 반올림한 값과 다릅니다(최대 차이 "
                  f"{export_gap:.2g}). 'float32 모델과' 열의 handwritten 값은 float16 반올림만의 차이가 아닙니다.",
                  file=sys.stderr)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="runtimes-") as tmp:
        folder = Path(tmp)
        write_tfjs(weights(net), folder)
        write_onnx(weights(net), folder)
        server, served = start_server({"/net/": folder, "/demo/": args.demo_dir.resolve()})
        base_url = f"http://127.0.0.1:{server.server_port}/"
        loads = {name: [] for name in runtimes}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for round in range(args.rounds):
                    for name in runtimes:
                        start = time.perf_counter()
                        loads[name].append(measure_once(browser, base_url, name, images, served))
                        print(f"회차 {round + 1}/{args.rounds} {name}: 첫 예측 "
                              f"{loads[name][-1]['timings']['firstPrediction']:.0f} ms, "
                              f"예측 중앙값 {statistics.median(loads[name][-1]['milliseconds']):.2f} ms "
                              f"({time.perf_counter() - start:.1f}초)", file=sys.stderr)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    rows = [summarize(name, loads[name], expected[name], float32, labels) for name in runtimes]
    load_average = os.getloadavg()
    if args.json:
        print(json.dumps({"rows": rows, "rounds": args.rounds, "images": args.images,
                          "load_average": load_average, "export_gap": export_gap}, ensure_ascii=False, indent=1))
    else:
        print(table(rows))
        print(f"\n테스트 이미지 {args.images}장, 회차 {args.rounds}번, 부하 평균 "
              + ", ".join(f"{x:.1f}" for x in load_average))
        for r in rows:
            print(f"{r['runtime']}: " + ", ".join(r["files"]))
    return 0 if all(r["agrees"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
