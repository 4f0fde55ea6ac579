"""명령줄 도구 `cnn-course`: 데이터 확인(data), 학습(train), 평가(evaluate), 연습 문제 채점(grade)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__, configure_environment
from .config import ACTIVATIONS, POOLINGS
from .paths import DATASETS
from .settings import DEFAULTS


def _ints(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"쉼표로 구분한 정수를 적으세요(예: 5,5). 받은 값: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cnn-course", description="합성곱 신경망 강좌의 명령줄 도구")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="패키지 버전을 출력하고 끝냅니다")
    commands = parser.add_subparsers(dest="command", required=True)

    def data_options(p):
        p.add_argument("--dataset", choices=DATASETS, default=DEFAULTS.dataset, help="데이터 세트")
        p.add_argument("--data-dir", type=Path, help="데이터 폴더(기본: $CNN_COURSE_DATA, 없으면 캐시)")

    p = commands.add_parser("data", help="데이터를 찾고, 없으면 내려받고, 체크섬을 확인합니다")
    data_options(p)
    p.add_argument("--no-download", action="store_true", help="내려받지 않고 확인만 합니다")

    p = commands.add_parser("train", help="신경망을 학습하고 체크포인트를 저장합니다")
    data_options(p)
    p.add_argument("--iterations", type=int, default=10_000, help="반복 수(기본 10000)")
    # 기본값은 모두 `settings.DEFAULTS`(와 그 안의 NetworkConfig)에서 옵니다.
    net = DEFAULTS.config
    options = (  # (옵션, 값의 종류, 기본값, 설명)
        ("--filter-sizes", _ints, net.filter_sizes, "합성곱 필터 크기들"),
        ("--num-filters", _ints, net.num_filters, "합성곱 층별 필터 수"),
        ("--fc-sizes", _ints, net.fc_sizes, "완전 연결 층 크기들"),
        ("--dropout", float, net.dropout_rate, "드롭아웃 비율"),
        ("--learning-rate", float, DEFAULTS.learning_rate, "Adam 학습률"),
        ("--batch-size", int, DEFAULTS.batch_size, "배치 크기"),
        ("--seed", int, DEFAULTS.seed, "가중치 초깃값과 배치 순서의 시드"),
    )
    for flag, kind, default, what in options:
        shown = ",".join(map(str, default)) if isinstance(default, tuple) else f"{default:g}"
        p.add_argument(flag, type=kind, default=default, help=f"{what}(기본 {shown})")
    p.add_argument("--pooling", choices=POOLINGS, default=net.pooling)
    p.add_argument("--activation", choices=ACTIVATIONS, default=net.activation)
    p.add_argument("--checkpoint", type=Path, default=Path("cnn-course-model.npz"),
                   help="저장할 체크포인트 파일(기본 cnn-course-model.npz)")
    p.add_argument("--json", action="store_true", help="마지막에 결과를 JSON 한 줄로 출력합니다")
    p.add_argument("--no-progress", action="store_true",
                   help="진행 막대를 그리지 않습니다(stderr가 터미널이 아니면 그리지 않습니다)")

    p = commands.add_parser("evaluate", help="체크포인트를 불러와 테스트 세트 정확도를 잽니다")
    data_options(p)
    p.add_argument("checkpoint", type=Path, help="평가할 체크포인트 파일")
    p.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 출력합니다")

    from .grading import DEFAULT_CHECK_TIMEOUT, DEFAULT_TIMEOUT  # 표준 라이브러리만 가져옵니다

    p = commands.add_parser("grade", help="학생이 낸 연습 문제 노트북을 새 커널에서 실행해 채점합니다")
    p.add_argument("submissions", nargs="+", type=Path, help="채점할 노트북(.ipynb)이나 노트북이 든 폴더")
    p.add_argument("--out", type=Path, default=Path("report.csv"),
                   help="결과 CSV: 노트북 x 문제마다 한 줄(기본 report.csv)")
    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT,
                   help=f"노트북 하나를 실행하는 데 주는 시간(초, 기본 {DEFAULT_TIMEOUT})")
    p.add_argument("--check-timeout", type=_seconds, default=DEFAULT_CHECK_TIMEOUT,
                   help=f"문제 하나를 채점하는 데 주는 시간(초, 기본 {DEFAULT_CHECK_TIMEOUT})")
    p.add_argument("--summary", type=Path, help="요약 표를 이 파일에도 씁니다")
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"0보다 큰 초를 적으세요(받은 값: {text!r}).")
    return value


def _load_data(args):
    from .data import MNIST

    return MNIST(args.data_dir, dataset=args.dataset, download=not getattr(args, "no_download", False))


def _data(args) -> int:
    data = _load_data(args)
    print(f"데이터 폴더: {data.data_dir}")
    print(f"체크섬 확인 완료. 훈련 {data.num_train:,}장, 검증 {data.num_val:,}장, 테스트 {data.num_test:,}장")
    return 0


def _train(args) -> int:
    from tqdm import tqdm

    from . import NetworkConfig, Trainer, TrainingSettings, reproducible, save_checkpoint

    config = NetworkConfig(filter_sizes=args.filter_sizes, num_filters=args.num_filters,
                           fc_sizes=args.fc_sizes, pooling=args.pooling,
                           activation=args.activation, dropout_rate=args.dropout)
    settings = TrainingSettings(config=config, net_seed=args.seed, seed=args.seed,
                                learning_rate=args.learning_rate, batch_size=args.batch_size,
                                dataset=args.dataset)
    reproducible(settings.seed)
    data = _load_data(args)
    trainer = Trainer.from_settings(settings, data)
    # 진행 막대는 stderr가 터미널일 때만 그립니다(disable=None). 보고 줄은 막대를 지우고 쓴 다음
    # 막대를 다시 그리는 tqdm.write로 써서, 한 줄에 막대와 보고가 겹치지 않습니다.
    bar = tqdm(total=args.iterations, unit="회", file=sys.stderr,
               disable=True if args.no_progress else None)

    def report(line: str) -> None:
        bar.write(line, file=sys.stdout)
        sys.stdout.flush()

    start = time.perf_counter()
    with bar:
        trainer.optimize(args.iterations, out=None if args.json else report, progress=bar)
    seconds = time.perf_counter() - start
    result = trainer.evaluate()
    path = save_checkpoint(trainer, args.checkpoint)
    if args.json:
        print(json.dumps({"iterations": trainer.total_iterations, "seconds": round(seconds, 2),
                          "iterations_per_second": round(args.iterations / seconds, 2) if seconds else None,
                          "test_accuracy": result.accuracy, "checkpoint": str(path),
                          "config": config.to_dict()}, ensure_ascii=False))
    else:
        print(result.message())
        print(f"학습 시간: {seconds:.1f}초, 체크포인트: {path}")
    return 0


def _evaluate(args) -> int:
    from . import Trainer, load_checkpoint, reproducible
    from .checkpoint import read_checkpoint, settings_of

    meta, _ = read_checkpoint(args.checkpoint)
    settings = settings_of(meta)
    reproducible(settings.seed)
    data = _load_data(args)
    trainer = Trainer.from_settings(settings, data)
    load_checkpoint(trainer, args.checkpoint)
    result = trainer.evaluate()
    if args.json:
        print(json.dumps({"iterations": trainer.total_iterations, "test_accuracy": result.accuracy,
                          "num_correct": result.num_correct, "num_test": len(result.cls_true)}))
    else:
        print(f"{trainer.total_iterations:,}번 학습한 신경망. {result.message()}")
    return 0


def _grade(args) -> int:
    from importlib.util import find_spec

    from .grading import GradingError, grade, summary, write_csv

    missing = [name for name in ("nbclient", "nbformat", "jupyter_client", "ipykernel") if find_spec(name) is None]
    if missing:
        print(f"오류: 채점에 필요한 패키지가 없습니다({', '.join(missing)}). "
              "pip install 'cnn-course[grade]'로 설치한 다음 다시 실행하세요.", file=sys.stderr)
        return 2
    try:
        reports = grade(args.submissions, args.timeout, args.check_timeout,
                        progress=lambda line: print(line, file=sys.stderr, flush=True))
    except GradingError as error:
        print(f"오류: {error}", file=sys.stderr)
        return 2
    table = summary(reports)
    print(table)
    path = write_csv(reports, args.out)
    print(f"\n결과 CSV: {path}")
    if args.summary:
        args.summary.write_text(table + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    configure_environment()
    args = _parser().parse_args(argv)
    from .checkpoint import CheckpointError
    from .idx import DataError

    try:
        return {"data": _data, "train": _train, "evaluate": _evaluate, "grade": _grade}[args.command](args)
    except (DataError, CheckpointError, ValueError, TypeError) as error:
        print(f"오류: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
