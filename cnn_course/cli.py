"""명령줄 도구 `cnn-course`: 데이터 확인(data), 학습(train), 평가(evaluate)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import configure_environment


def _ints(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"쉼표로 구분한 정수를 적으세요(예: 5,5). 받은 값: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cnn-course", description="합성곱 신경망 강좌의 명령줄 도구")
    commands = parser.add_subparsers(dest="command", required=True)

    def data_options(p):
        p.add_argument("--dataset", choices=("mnist", "fashion"), default="mnist", help="데이터 세트")
        p.add_argument("--data-dir", type=Path, help="데이터 폴더(기본: $CNN_COURSE_DATA, 없으면 캐시)")

    p = commands.add_parser("data", help="데이터를 찾고, 없으면 내려받고, 체크섬을 확인합니다")
    data_options(p)
    p.add_argument("--no-download", action="store_true", help="내려받지 않고 확인만 합니다")

    p = commands.add_parser("train", help="신경망을 학습하고 체크포인트를 저장합니다")
    data_options(p)
    p.add_argument("--iterations", type=int, default=10_000, help="반복 수(기본 10000)")
    p.add_argument("--filter-sizes", type=_ints, default=(5, 5), help="합성곱 필터 크기들(기본 5,5)")
    p.add_argument("--num-filters", type=_ints, default=(16, 36), help="합성곱 층별 필터 수(기본 16,36)")
    p.add_argument("--fc-sizes", type=_ints, default=(128,), help="완전 연결 층 크기들(기본 128)")
    p.add_argument("--pooling", choices=("max", "avg", "none", "stride"), default="max")
    p.add_argument("--activation", choices=("relu", "sigmoid"), default="relu")
    p.add_argument("--dropout", type=float, default=0.0, help="드롭아웃 비율(기본 0)")
    p.add_argument("--learning-rate", type=float, default=1e-4)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--checkpoint", type=Path, default=Path("cnn-course-model.npz"),
                   help="저장할 체크포인트 파일(기본 cnn-course-model.npz)")
    p.add_argument("--json", action="store_true", help="마지막에 결과를 JSON 한 줄로 출력합니다")
    p.add_argument("--no-progress", action="store_true", help="진행 막대를 그리지 않습니다")

    p = commands.add_parser("evaluate", help="체크포인트를 불러와 테스트 세트 정확도를 잽니다")
    data_options(p)
    p.add_argument("checkpoint", type=Path, help="평가할 체크포인트 파일")
    p.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 출력합니다")
    return parser


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

    from . import ConvNet, NetworkConfig, Trainer, reproducible, save_checkpoint

    config = NetworkConfig(filter_sizes=args.filter_sizes, num_filters=args.num_filters,
                           fc_sizes=args.fc_sizes, pooling=args.pooling,
                           activation=args.activation, dropout_rate=args.dropout)
    reproducible(args.seed)
    data = _load_data(args)
    trainer = Trainer(ConvNet(config, seed=args.seed), data, args.learning_rate, args.batch_size,
                      seed=args.seed)
    log = None if args.json else (lambda line: tqdm.write(line))
    start = time.perf_counter()
    with tqdm(total=args.iterations, unit="회", disable=args.no_progress, file=sys.stderr) as bar:
        trainer.optimize(args.iterations, out=log, progress=bar)
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
    from . import ConvNet, NetworkConfig, Trainer, load_checkpoint, reproducible
    from .checkpoint import read_checkpoint

    meta, _ = read_checkpoint(args.checkpoint)
    reproducible(meta["seed"])
    data = _load_data(args)
    net = ConvNet(NetworkConfig.from_dict(meta["config"]), seed=meta["net_seed"])
    trainer = Trainer(net, data, meta["learning_rate"], meta["batch_size"], seed=meta["seed"])
    load_checkpoint(trainer, args.checkpoint)
    result = trainer.evaluate()
    if args.json:
        print(json.dumps({"iterations": trainer.total_iterations, "test_accuracy": result.accuracy,
                          "num_correct": result.num_correct, "num_test": len(result.cls_true)}))
    else:
        print(f"{trainer.total_iterations:,}번 학습한 신경망. {result.message()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    configure_environment()
    args = _parser().parse_args(argv)
    from .checkpoint import CheckpointError
    from .idx import DataError

    try:
        return {"data": _data, "train": _train, "evaluate": _evaluate}[args.command](args)
    except (DataError, CheckpointError, ValueError, TypeError) as error:
        print(f"오류: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
