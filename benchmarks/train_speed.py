"""학습 속도 벤치마크: 시드 신경망(배치 64, Adam 1e-4)의 초당 학습 반복 수(it/s).

한 번 실행하면 네 가지 학습 방법을 나란히 재고 비율을 비교합니다.

- package        : 이 패키지의 학습 단계 `cnn_course.Trainer(...).optimize(n, out=None)`
                   (패키지 환경: oneDNN 켬, 스레드 2개, 연산 결정성 `reproducible(0)`)
- tf1-default    : 2016년 원본 강좌처럼 짠 TF1 그래프 학습 반복(placeholder, Session,
                   반복마다 새 무작위 배치를 feed_dict로 넣음), TensorFlow 기본 환경
                   (TF_ENABLE_ONEDNN_OPTS=0, 스레드 설정 없음, 결정성 없음)
- tf1-course-env : 같은 TF1 반복, 패키지 환경
- keras-fit      : 같은 신경망을 Keras `Sequential`로 만들어 `model.fit`, 패키지 환경
- keras-default  : 같은 Keras 학습, TensorFlow 기본 환경(Keras 사용자가 이 CPU에서 그냥 돌릴 때)

주의: TF1 코드(tf.compat.v1)는 비교 기준으로 이 벤치마크에만 있습니다.
강좌와 `cnn_course` 패키지는 tf.compat.v1을 쓰지 않습니다(TensorFlow 2 네이티브 코드).

방법마다 새 하위 프로세스에서 실행합니다. 환경 변수는 TensorFlow가 시작하기 전에 읽히므로
프로세스를 나눠야 각 환경이 제대로 적용됩니다. 각 프로세스는 먼저 준비(warm-up) 반복으로
그래프 추적과 컴파일을 끝낸 뒤, 그다음 N번의 반복만 잽니다.

실행(저장소 루트에서)::

    .venv/bin/python benchmarks/train_speed.py                 # 1,000회, 한 바퀴
    .venv/bin/python benchmarks/train_speed.py --quick         # 200회
    .venv/bin/python benchmarks/train_speed.py --repeat 3      # 방법을 번갈아 3바퀴, 중앙값
    .venv/bin/python benchmarks/train_speed.py --json          # 결과를 JSON으로도 출력
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VARIANTS = ("package", "tf1-default", "tf1-course-env", "keras-fit", "keras-default")
DEFAULT_ENV_VARIANTS = ("tf1-default", "keras-default")  # TensorFlow 기본 환경에서 도는 방법

# (분자, 분모, 목표): package가 다른 방법보다 몇 배 빨라야 하는지.
GOALS = (
    ("package", "tf1-default", 1.8),
    ("package", "tf1-course-env", 1.0),
    ("package", "keras-fit", 1.8),
    ("package", "keras-default", 1.8),
)

# 모든 방법이 패키지의 기본 설정(cnn_course.settings.DEFAULTS)으로 학습합니다. 기본 환경에서 도는
# 하위 프로세스는 패키지를 가져오면 안 되므로 값을 여기 적고, 부모 프로세스가 main()에서 맞는지 확인합니다.
BATCH_SIZE = 64
BLOCK = 100  # 시간을 재는 구간의 반복 수(패키지의 report_every 기본값과 같음)
LEARNING_RATE = 1e-4
NUM_TRAIN = 55_000  # 훈련 파일 60,000장 중 앞의 55,000장(뒤 5,000장은 검증)

# 하위 프로세스에 물려주지 않는 환경 변수: 각 방법의 환경을 여기서 새로 정합니다.
TF_ENV_VARS = (
    "TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL", "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS", "TF_DETERMINISTIC_OPS",
)


# ---------------------------------------------------------------------------
# 부모 프로세스: TensorFlow를 가져오지 않고, 하위 프로세스를 돌리고 표를 그립니다.
# ---------------------------------------------------------------------------

def variant_env(variant: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TF_ENV_VARS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if variant in DEFAULT_ENV_VARIANTS:
        # TensorFlow의 기본 환경. oneDNN은 이 CPU(AVX-512 없음)에서 원래 꺼져 있지만 명시합니다.
        env["TF_ENABLE_ONEDNN_OPTS"] = "0"
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"  # 로그만 조용히
    # 나머지는 하위 프로세스에서 `import cnn_course`가 패키지의 기본값을 넣습니다.
    return env


def run_variant(variant: str, args) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", variant,
               "--iterations", str(args.iterations), "--warmup", str(args.warmup),
               "--data-dir", str(args.data_dir)]
    done = subprocess.run(command, env=variant_env(variant), capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.stderr.write(done.stdout + done.stderr)
    raise SystemExit(f"{variant}: 하위 프로세스가 결과 없이 끝났습니다(종료 코드 {done.returncode}).")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "알 수 없음"


def describe_threads(result: dict) -> str:
    intra, inter = result["intra_op_threads"], result["inter_op_threads"]
    if intra == 0 and inter == 0:
        return "TF default (0 = auto)"
    return f"intra {intra}, inter {inter}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=1000, help=f"잴 학습 반복 수, {BLOCK}의 배수(기본 1000)")
    parser.add_argument("--quick", action="store_true", help="200회만 잽니다")
    parser.add_argument("--warmup", type=int, default=100,
                        help="재기 전에 버리는 준비 반복 수(기본 100: 추적, 컴파일 포함)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="방법들을 번갈아 R바퀴 돌리고 중앙값을 씁니다(기본 1)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="쉼표로 구분한 방법 목록(기본: 네 가지 모두)")
    parser.add_argument("--data-dir", type=Path,
                        help="MNIST gz IDX 파일 폴더(기본 $CNN_COURSE_DATA, 없으면 ../shared/datasets/mnist)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로도 출력합니다")
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.iterations = 200
    if args.iterations < BLOCK or args.iterations % BLOCK or args.warmup < 1 or args.repeat < 1:
        parser.error(f"--iterations는 {BLOCK}의 배수, --warmup과 --repeat는 1 이상이어야 합니다.")
    if args.worker:
        return worker(args.worker, args.iterations, args.warmup, args.data_dir)
    # 부모 프로세스만 패키지를 가져옵니다(TensorFlow는 가져오지 않습니다).
    from cnn_course.paths import SHARED_MNIST, data_dir_from_env
    from cnn_course.settings import DEFAULTS

    if (BATCH_SIZE, LEARNING_RATE) != (DEFAULTS.batch_size, DEFAULTS.learning_rate):
        raise SystemExit("BATCH_SIZE와 LEARNING_RATE를 cnn_course.settings.DEFAULTS에 맞추세요.")
    if args.data_dir is None:
        args.data_dir = data_dir_from_env("mnist") or SHARED_MNIST

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"모르는 방법: {', '.join(unknown)} (가능: {', '.join(VARIANTS)})")

    print(f"CPU: {cpu_model()}, 논리 코어 {os.cpu_count()}개, "
          f"부하(1분 평균) {os.getloadavg()[0]:.1f}")
    print(f"반복 {args.iterations:,}회(준비 {args.warmup}회 제외), 배치 {BATCH_SIZE}, "
          f"Adam {LEARNING_RATE:g}, {args.repeat}바퀴")
    runs = {v: [] for v in variants}
    for round_number in range(args.repeat):
        # 바퀴마다 순서를 돌려서, 기계의 부하 변화가 한 방법에만 몰리지 않게 합니다.
        shift = round_number % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            result = run_variant(variant, args)
            runs[variant].append(result)
            print(f"  [{round_number + 1}/{args.repeat}] {variant:<15} {result['it_per_s']:7.2f} it/s"
                  f"  (CPU/wall {result['cpu_per_wall']:.2f}, 부하 {os.getloadavg()[0]:.1f})", flush=True)

    first = {v: runs[v][0] for v in variants}
    print(f"\nTensorFlow {first[variants[0]]['tf_version']}, Keras {first[variants[0]]['keras_version']}")
    median = {v: statistics.median(r["it_per_s"] for r in runs[v]) for v in variants}
    # 표 머리는 ASCII로(한글은 글자 폭이 달라 열이 어긋납니다). it/s는 중앙값.
    best = {v: max(r["best_block_it_per_s"] for r in runs[v]) for v in variants}
    cpu_ms = {v: statistics.median(r["cpu_ms_per_it"] for r in runs[v]) for v in variants}
    print(f"\n{'variant':<15} {'it/s':>7} {'min~max':>13} {'best':>6} {'CPU/wall':>8} {'CPU ms/it':>9}  "
          f"{'oneDNN':<6} {'determinism':<11} threads")
    for v in variants:
        r, speeds = first[v], [run["it_per_s"] for run in runs[v]]
        spread = f"{min(speeds):.1f}~{max(speeds):.1f}" if len(speeds) > 1 else "-"
        usage = statistics.median(run["cpu_per_wall"] for run in runs[v])
        print(f"{v:<15} {median[v]:7.2f} {spread:>13} {best[v]:6.1f} {usage:8.2f} {cpu_ms[v]:9.1f}  "
              f"{r['onednn']:<6} "
              f"{'on' if r['determinism'] else 'off':<11} {describe_threads(r)}"
              + (f"  {r['note']}" if r["note"] else ""))

    print(f"it/s: {args.repeat}바퀴의 중앙값, min~max: 바퀴별 범위, "
          f"best: 가장 빠른 {BLOCK}회 구간,\nCPU/wall: 프로세스 CPU 시간 / 경과 시간, "
          f"CPU ms/it: 반복 한 번의 CPU 시간(부하에 덜 흔들리는 일의 양)")

    ratios = []
    print()
    for top, bottom, goal in GOALS:
        if top in median and bottom in median:
            ratio = median[top] / median[bottom]
            best_ratio = best[top] / best[bottom]
            cpu_ratio = cpu_ms[bottom] / cpu_ms[top]
            verdict = "OK" if ratio >= goal else "BELOW"
            ratios.append({"ratio": f"{top} / {bottom}", "value": round(ratio, 3),
                           "best_block_value": round(best_ratio, 3), "cpu_time_value": round(cpu_ratio, 3),
                           "goal": goal, "verdict": verdict})
            print(f"{top} / {bottom:<15} {ratio:5.2f}  (목표 >= {goal})  {verdict:<5}"
                  f"  [참고: best 구간끼리 {best_ratio:.2f}, CPU 시간으로 {cpu_ratio:.2f}]")

    if args.json:
        print(json.dumps({
            "cpu": cpu_model(), "cpu_count": os.cpu_count(),
            "iterations": args.iterations, "warmup": args.warmup, "repeat": args.repeat,
            "it_per_s_median": {v: round(median[v], 3) for v in variants},
            "best_block_it_per_s": {v: round(best[v], 3) for v in variants},
            "cpu_ms_per_it_median": {v: round(cpu_ms[v], 2) for v in variants},
            "runs": runs, "ratios": ratios,
        }, ensure_ascii=False, indent=2))
    return 0


# ---------------------------------------------------------------------------
# 하위 프로세스: 한 방법만 준비 반복 후 N회 잽니다.
# ---------------------------------------------------------------------------

def read_mnist_train(data_dir: Path):
    """gz IDX 파일에서 훈련 이미지 55,000장: ([N, 784] float32 0..1, [N, 10] 원-핫 float32).

    패키지를 가져오지 않고 읽습니다(tf1-default는 패키지 환경을 피해야 하므로).
    """
    import numpy as np

    with gzip.open(data_dir / "train-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(data_dir / "train-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    x = images[:NUM_TRAIN].astype(np.float32) / 255
    y = np.eye(10, dtype=np.float32)[labels[:NUM_TRAIN]]
    return x, y


class Stopwatch:
    """구간(block)마다 벽시계 시간과 이 프로세스의 CPU 시간을 잽니다. 합계와 가장 빠른 구간을 줍니다."""

    def __init__(self):
        self.laps: list[float] = []
        self.cpu = 0.0
        self.note = ""

    def start(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def stop(self):
        self.laps.append(time.perf_counter() - self._wall)
        self.cpu += time.process_time() - self._cpu

    @property
    def wall(self) -> float:
        return sum(self.laps)


def worker(variant: str, iterations: int, warmup: int, data_dir: Path) -> int:
    if variant in DEFAULT_ENV_VARIANTS:
        # 패키지를 가져오지 않습니다: 가져오면 패키지 환경(스레드 수 등)이 들어옵니다.
        import tensorflow as tf
    else:
        import cnn_course  # TensorFlow보다 먼저: 패키지 환경을 정합니다.
        cnn_course.reproducible(0)  # 시드, 연산 결정성, 스레드 2개
        tf = cnn_course.import_tensorflow()

    measure = {"package": measure_package, "tf1-default": measure_tf1,
               "tf1-course-env": measure_tf1, "keras-fit": measure_keras,
               "keras-default": measure_keras}[variant]
    watch = measure(tf, variant, iterations, warmup, data_dir)
    result = {
        "variant": variant,
        "it_per_s": iterations / watch.wall,
        # 가장 빠른 구간(BLOCK회)의 속도: 다른 작업이 잠깐 끼어든 구간을 덜 탑니다.
        "best_block_it_per_s": BLOCK / min(watch.laps),
        "seconds": watch.wall,
        # 이 프로세스가 쓴 CPU 시간 / 벽시계 시간: 2에 가까우면 두 코어를 다 썼고,
        # 훨씬 작으면 다른 프로세스와 코어를 나눠 썼거나 한 스레드로만 돌았습니다.
        "cpu_per_wall": watch.cpu / watch.wall,
        # 반복 한 번에 쓴 CPU 시간(ms). 다른 작업과 코어를 나눠 써도 거의 변하지 않는 '일의 양'이라
        # 시끄러운 기계에서 비교에 참고가 됩니다(스레드가 바쁘게 기다리는 시간도 포함).
        "cpu_ms_per_it": watch.cpu / iterations * 1000,
        "iterations": iterations,
        "tf_version": tf.__version__,
        "keras_version": tf.keras.__version__ if hasattr(tf.keras, "__version__") else "?",
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "기본"),
        "determinism": op_determinism_enabled(variant),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
        "env": {k: os.environ[k] for k in TF_ENV_VARS if k in os.environ},
        "note": watch.note,
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def op_determinism_enabled(variant: str) -> bool:
    """연산 결정성이 켜졌는지. 공개 API가 없어 내부 함수를 쓰고, 없으면 설정한 대로 답합니다."""
    try:
        from tensorflow.python.framework import config as tf_config
        return bool(tf_config.is_op_determinism_enabled())
    except (ImportError, AttributeError):
        return variant not in DEFAULT_ENV_VARIANTS


def measure_package(tf, variant, iterations, warmup, data_dir) -> Stopwatch:
    import cnn_course

    try:
        data = cnn_course.MNIST(data_dir, download=False)
    except Exception:  # 로더를 쓸 수 없으면 직접 읽은 배열로
        from types import SimpleNamespace
        x, y = read_mnist_train(data_dir)
        data = SimpleNamespace(x_train=x, y_train=y)
    trainer = cnn_course.Trainer(cnn_course.ConvNet(seed=0), data, learning_rate=LEARNING_RATE,
                                 batch_size=BATCH_SIZE, seed=0)
    # 준비: 첫 호출이 학습 단계를 한 번 추적(모양 [None, 64])하고, 나머지 준비 반복으로 데워 둡니다.
    trainer.optimize(1, out=None)
    trainer.optimize(max(warmup - 1, 1), out=None)
    watch = Stopwatch()
    for _ in range(iterations // BLOCK):
        watch.start()
        trainer.optimize(BLOCK, out=None)  # 안에서 report_every(100)회마다 한 번 동기화
        watch.stop()
    return watch


def measure_tf1(tf, variant, iterations, warmup, data_dir) -> Stopwatch:
    """원본 강좌(2016)의 TF1 방식: 그래프를 만들고 Session에서 반복마다 feed_dict로 배치를 넣습니다."""
    import numpy as np

    x_train, y_train = read_mnist_train(data_dir)
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        if variant == "tf1-course-env":
            v1.set_random_seed(0)

        def new_weights(shape):
            return tf.Variable(v1.truncated_normal(shape, stddev=0.05))

        def new_biases(length):
            return tf.Variable(tf.constant(0.05, shape=[length]))

        def conv_layer(x, channels_in, size, filters):
            layer = tf.nn.conv2d(x, new_weights([size, size, channels_in, filters]),
                                 strides=[1, 1, 1, 1], padding="SAME")
            layer += new_biases(filters)
            layer = tf.nn.max_pool2d(layer, ksize=2, strides=2, padding="SAME")
            return tf.nn.relu(layer)

        x = v1.placeholder(tf.float32, [None, 784], name="x")
        y_true = v1.placeholder(tf.float32, [None, 10], name="y_true")
        layer = conv_layer(tf.reshape(x, [-1, 28, 28, 1]), 1, 5, 16)   # (?, 14, 14, 16)
        layer = conv_layer(layer, 16, 5, 36)                            # (?, 7, 7, 36)
        layer = tf.reshape(layer, [-1, 1764])                           # (?, 1764)
        layer = tf.nn.relu(tf.matmul(layer, new_weights([1764, 128])) + new_biases(128))
        logits = tf.matmul(layer, new_weights([128, 10])) + new_biases(10)
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=logits))
        train_op = v1.train.AdamOptimizer(learning_rate=LEARNING_RATE).minimize(cost)
        init = v1.global_variables_initializer()

    if variant == "tf1-course-env":
        config = v1.ConfigProto(intra_op_parallelism_threads=2, inter_op_parallelism_threads=2)
    else:
        config = None  # TensorFlow 기본
    rng = np.random.default_rng(0)

    def train(n):
        for _ in range(n):
            # 원본의 random_batch처럼 반복마다 새 무작위 배치를 뽑아 넣습니다.
            index = rng.choice(NUM_TRAIN, BATCH_SIZE, replace=False)
            session.run(train_op, feed_dict={x: x_train[index], y_true: y_train[index]})

    with v1.Session(graph=graph, config=config) as session:
        session.run(init)
        train(warmup)
        watch = Stopwatch()
        for _ in range(iterations // BLOCK):
            watch.start()
            train(BLOCK)
            watch.stop()
        return watch


def measure_keras(tf, variant, iterations, warmup, data_dir) -> Stopwatch:
    """같은 신경망을 Keras Sequential로: 합성곱 -> 풀링 -> ReLU 두 번, 평탄화, 완전 연결 두 층."""
    keras = tf.keras
    x_train, y_train = read_mnist_train(data_dir)
    w_init = keras.initializers.TruncatedNormal(stddev=0.05, seed=0)
    b_init = keras.initializers.Constant(0.05)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((784,)),
        layers.Reshape((28, 28, 1)),
        layers.Conv2D(16, 5, padding="same", kernel_initializer=w_init, bias_initializer=b_init),
        layers.MaxPool2D(2, padding="same"),
        layers.ReLU(),                                   # (?, 14, 14, 16)
        layers.Conv2D(36, 5, padding="same", kernel_initializer=w_init, bias_initializer=b_init),
        layers.MaxPool2D(2, padding="same"),
        layers.ReLU(),                                   # (?, 7, 7, 36)
        layers.Flatten(),                                # (?, 1764)
        layers.Dense(128, activation="relu", kernel_initializer=w_init, bias_initializer=b_init),
        layers.Dense(10, kernel_initializer=w_init, bias_initializer=b_init),  # 로짓
    ])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    dataset = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
               .shuffle(NUM_TRAIN, seed=0).batch(BATCH_SIZE, drop_remainder=True)
               .repeat().prefetch(tf.data.AUTOTUNE))

    watch = Stopwatch()

    class EpochTimer(keras.callbacks.Callback):
        """에포크 시작과 끝에서만 잽니다(배치마다 부르는 콜백은 학습을 느리게 합니다)."""

        def on_epoch_begin(self, epoch, logs=None):
            watch.start()

        def on_epoch_end(self, epoch, logs=None):
            watch.stop()

    # 첫 fit: 추적과 컴파일(준비). 두 번째 fit은 만들어 둔 학습 함수를 다시 씁니다.
    # 두 번째 fit의 에포크 하나가 한 구간(BLOCK 단계)입니다.
    model.fit(dataset, epochs=1, steps_per_epoch=warmup, verbose=0)
    model.fit(dataset, epochs=iterations // BLOCK, steps_per_epoch=BLOCK, verbose=0,
              callbacks=[EpochTimer()])
    # Keras 3의 기본 jit_compile="auto"는 CPU만 있는 기계(그리고 연산 결정성이 켜졌을 때)에서
    # XLA를 쓰지 않습니다: 여기서는 package와 같은 oneDNN 커널로 돕니다.
    watch.note = f"jit_compile={model.jit_compile}"
    return watch


if __name__ == "__main__":
    sys.exit(main())
