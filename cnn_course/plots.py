"""강좌의 그림: 이미지, 혼동 행렬, 필터, 특성 맵, 합성곱 과정, 신경망 구조.

모든 함수는 NumPy 배열을 받아 `matplotlib.figure.Figure`를 돌려줍니다. 노트북 셀의 마지막
줄에서 부르면 그림이 한 번 나오고, `fig.savefig("파일.png")`로 저장할 수도 있습니다.
pyplot을 쓰지 않으므로 그림이 쌓이지 않습니다.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from cnn_course.evaluation import confusion_matrix
from cnn_course.fonts import use_korean_font
from cnn_course.korean import josa
from cnn_course.reference import conv2d
from cnn_course.validation import check_number

use_korean_font()

GRID_IMAGES = 9  # plot_images는 3×3 격자에 아홉 장을 그립니다.
MARK_COLORS = ("tab:orange", "tab:green", "tab:purple", "tab:cyan", "tab:olive", "tab:pink")


def _as_2d_image(image: np.ndarray) -> np.ndarray:
    """이미지 한 장을 [높이, 너비]로 바꿉니다. 평탄화한 [784]와 [28, 28, 1]도 받습니다."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 1:
        side = math.isqrt(image.size)
        if side * side != image.size:
            raise ValueError(
                f"평탄화한 이미지의 길이 {josa(image.size, '은/는')} 제곱수가 아니라 정사각형으로 "
                "되돌릴 수 없습니다. [높이, 너비] 모양으로 넘기세요."
            )
        image = image.reshape(side, side)
    if image.ndim != 2:
        raise ValueError(
            f"이미지 한 장은 [높이, 너비] 또는 평탄화한 [높이*너비] 모양이어야 합니다"
            f"(받은 모양: {image.shape})."
        )
    return image


def _hide_ticks(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def _class_label(cls: int, class_names: Sequence[str] | None) -> str:
    return str(int(cls)) if class_names is None else str(class_names[int(cls)])


def _image_grid(images: Sequence[np.ndarray], labels: Sequence[str]) -> Figure:
    """이미지를 한 줄에 세 장씩 그리고 각 이미지 아래에 레이블을 씁니다(아홉 장 이하)."""
    rows = math.ceil(len(images) / 3)
    fig = Figure(figsize=(6, 2.2 * rows), layout="constrained")
    for index, (image, label) in enumerate(zip(images, labels)):
        ax = fig.add_subplot(rows, 3, index + 1)
        ax.imshow(_as_2d_image(image), cmap="binary", interpolation="nearest")
        ax.set_xlabel(label)
        _hide_ticks(ax)
    return fig


def plot_images(
    images: np.ndarray,
    cls_true: Sequence[int],
    cls_pred: Sequence[int] | None = None,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """이미지 아홉 장을 3×3 격자에 그리고, 아래에 정답(과 예측한) 클래스를 씁니다.

    images: [9, 784] 또는 [9, 28, 28]. class_names를 주면 클래스 번호 대신 이름을 씁니다.
    """
    images = np.asarray(images)
    if len(images) != GRID_IMAGES:
        raise ValueError(
            f"plot_images는 이미지를 정확히 {GRID_IMAGES}장 그립니다(받은 수: {len(images)}). "
            "images[0:9]처럼 아홉 장을 골라 넘기세요."
        )
    if len(cls_true) != len(images):
        raise ValueError(
            f"cls_true의 길이({len(cls_true)})가 이미지 수({len(images)})와 다릅니다."
        )
    if cls_pred is not None and len(cls_pred) != len(images):
        raise ValueError(
            f"cls_pred의 길이({len(cls_pred)})가 이미지 수({len(images)})와 다릅니다."
        )
    labels = []
    for index in range(len(images)):
        label = f"정답: {_class_label(cls_true[index], class_names)}"
        if cls_pred is not None:
            label += f", 예측: {_class_label(cls_pred[index], class_names)}"
        labels.append(label)
    return _image_grid(images, labels)


def plot_image(image: np.ndarray) -> Figure:
    """이미지 한 장을 그립니다. [28, 28] 또는 평탄화한 [784]."""
    fig = Figure(figsize=(3, 3), layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(_as_2d_image(image), cmap="binary", interpolation="nearest")
    _hide_ticks(ax)
    return fig


def plot_example_errors(
    images: np.ndarray, cls_true: Sequence[int], cls_pred: Sequence[int]
) -> Figure:
    """잘못 분류한 이미지 가운데 처음 아홉 장을 정답, 예측과 함께 그립니다."""
    images = np.asarray(images)
    cls_true, cls_pred = np.asarray(cls_true), np.asarray(cls_pred)
    if not len(images) == len(cls_true) == len(cls_pred):
        raise ValueError(
            f"이미지 수({len(images)}), cls_true의 길이({len(cls_true)}), "
            f"cls_pred의 길이({len(cls_pred)})가 같아야 합니다."
        )
    wrong = np.flatnonzero(cls_true != cls_pred)[:GRID_IMAGES]
    if len(wrong) == 0:
        fig = Figure(figsize=(4, 1), layout="constrained")
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, "잘못 분류한 이미지가 없습니다.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    labels = [f"정답: {cls_true[i]}, 예측: {cls_pred[i]}" for i in wrong]
    return _image_grid(images[wrong], labels)


def confusion_matrix_text(
    cls_true: Sequence[int], cls_pred: Sequence[int], num_classes: int = 10
) -> str:
    """혼동 행렬을 열을 맞춘 글로 만듭니다. 행은 실제 클래스, 열은 예측한 클래스입니다."""
    matrix = confusion_matrix(cls_true, cls_pred, num_classes)
    width = max(len(str(matrix.max())), len(str(num_classes - 1))) + 1
    lines = ["혼동 행렬 (행: 실제 클래스, 열: 예측한 클래스)"]
    lines.append(" " * 3 + "".join(f"{c:>{width}}" for c in range(num_classes)))
    for c, row in enumerate(matrix):
        lines.append(f"{c:>2} " + "".join(f"{count:>{width}}" for count in row))
    return "\n".join(lines)


def plot_confusion_matrix(
    cls_true: Sequence[int], cls_pred: Sequence[int], num_classes: int = 10
) -> Figure:
    """혼동 행렬을 색 막대와 함께 그립니다. 칸마다 이미지 수를 씁니다."""
    matrix = confusion_matrix(cls_true, cls_pred, num_classes)
    fig = Figure(figsize=(6, 5), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(matrix, cmap="Blues", interpolation="nearest")
    fig.colorbar(image, ax=ax)
    ticks = np.arange(num_classes)
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel("예측한 클래스")
    ax.set_ylabel("실제 클래스")
    ax.set_title("혼동 행렬")
    for row in range(num_classes):
        for col in range(num_classes):
            count = matrix[row, col]
            color = "white" if count > matrix.max() / 2 else "black"
            ax.text(col, row, str(count), ha="center", va="center", color=color, fontsize=8)
    return fig


def _square_grid(count: int) -> int:
    """count개를 담는 정사각형 격자의 한 변 길이: ceil(sqrt(count))."""
    return math.ceil(math.sqrt(count))


def conv_weights_limit(*weights: np.ndarray) -> float:
    """가중치 배열들의 절댓값 최댓값(max|w|). 모두 0이면 1.0을 돌려줍니다.

    `plot_conv_weights(..., vmax=...)`에 넘기면 여러 그림이 색 범위 하나를 나눠 씁니다.
    예: `vmax = conv_weights_limit(trained, untrained)`.
    """
    if not weights:
        raise ValueError("가중치 배열을 하나 이상 넘기세요.")
    limit = max(float(np.max(np.abs(np.asarray(w)))) for w in weights)
    if not math.isfinite(limit):
        raise ValueError("가중치에 무한대나 NaN이 있어 색 범위를 정할 수 없습니다.")
    return limit or 1.0


def plot_conv_weights(
    weights: np.ndarray,
    input_channel: int = 0,
    *,
    vmax: float | None = None,
    title: str | None = None,
) -> Figure:
    """합성곱 층의 필터 가운데 입력 채널 하나에 걸리는 것을 모두 그립니다.

    weights: [kh, kw, C_in, C_out]. 색 범위는 0을 가운데에 둔 대칭 범위 -vmax..vmax라서
    흰색이 정확히 0이고, 빨강은 양수, 파랑은 음수입니다. vmax를 주지 않으면 층 전체
    가중치의 절댓값 최댓값(max|w|)을 써서 필터끼리 비교할 수 있게 합니다. 두 그림을 같은
    색 범위로 비교하려면 `conv_weights_limit(w_a, w_b)`를 두 그림의 vmax로 넘기세요.
    title을 주면 그림 위에 제목을 씁니다.
    """
    weights = np.asarray(weights)
    if weights.ndim != 4:
        raise ValueError(
            f"가중치는 [필터 높이, 필터 너비, 입력 채널, 출력 채널] 모양의 4차원 배열이어야 "
            f"합니다(받은 모양: {weights.shape})."
        )
    num_inputs, num_filters = weights.shape[2], weights.shape[3]
    if not isinstance(input_channel, (int, np.integer)) or not 0 <= input_channel < num_inputs:
        raise ValueError(
            f"input_channel은 0부터 {num_inputs - 1}까지의 정수여야 합니다"
            f"(받은 값: {input_channel!r}). "
            f"이 층의 입력 채널은 {num_inputs}개입니다."
        )
    if vmax is None:
        vmax = conv_weights_limit(weights)
    else:
        vmax = check_number("vmax", vmax, low=0, low_open=True)
        if not math.isfinite(vmax):
            raise ValueError(f"vmax는 유한한 수여야 합니다(받은 값: {vmax!r}).")
    grid = _square_grid(num_filters)
    height = 1.2 * grid + (0.4 if title else 0.0)
    fig = Figure(figsize=(1.2 * grid + 1, height), layout="constrained")
    axes = []
    for index in range(num_filters):
        ax = fig.add_subplot(grid, grid, index + 1)
        image = ax.imshow(
            weights[:, :, input_channel, index],
            vmin=-vmax, vmax=vmax, cmap="seismic", interpolation="nearest",
        )
        _hide_ticks(ax)
        axes.append(ax)
    fig.colorbar(image, ax=axes, shrink=0.8)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def plot_conv_layer(values: np.ndarray) -> Figure:
    """이미지 한 장에 대한 층의 출력(특성 맵)을 채널마다 그립니다.

    values: [1, H, W, C] 또는 [H, W, C].
    """
    values = np.asarray(values)
    if values.ndim == 4 and values.shape[0] == 1:
        values = values[0]
    if values.ndim != 3:
        raise ValueError(
            f"층의 출력은 이미지 한 장에 대한 [1, 높이, 너비, 채널] 또는 [높이, 너비, 채널] "
            f"모양이어야 합니다(받은 모양: {values.shape}). 여러 장이면 values[0:1]처럼 "
            "한 장만 고르세요."
        )
    num_channels = values.shape[2]
    grid = _square_grid(num_channels)
    fig = Figure(figsize=(1.2 * grid, 1.2 * grid), layout="constrained")
    for index in range(num_channels):
        ax = fig.add_subplot(grid, grid, index + 1)
        ax.imshow(values[:, :, index], cmap="binary", interpolation="nearest")
        _hide_ticks(ax)
    return fig


def plot_convolution_steps(
    image: np.ndarray, kernel: np.ndarray, positions: Sequence[tuple[int, int]]
) -> Figure:
    """필터가 이미지 위를 지나가며 특성 맵의 한 픽셀씩을 만드는 모습을 그립니다.

    image: [28, 28] 또는 [784]. kernel: [kh, kw]. positions: 특성 맵의 (행, 열) 위치들.
    스트라이드 1, SAME 패딩이라 특성 맵은 입력과 크기가 같습니다. 위치 (i, j)의 값은
    (i, j)를 가운데에 둔 필터 창과 이미지의 내적입니다.
    """
    image = _as_2d_image(image).astype(float)
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2:
        raise ValueError(
            f"필터는 [높이, 너비] 모양의 2차원 배열이어야 합니다(받은 모양: {kernel.shape}). "
            "합성곱 층의 가중치라면 weights[:, :, 0, 0]처럼 하나를 고르세요."
        )
    kh, kw = kernel.shape
    # [H, W] -> [1, H, W, 1], [kh, kw] -> [kh, kw, 1, 1]로 바꿔 합성곱하고 다시 [H, W]로
    feature_map = conv2d(image[np.newaxis, :, :, np.newaxis], kernel[:, :, np.newaxis, np.newaxis])
    feature_map = feature_map[0, :, :, 0]
    height, width = feature_map.shape
    for row, col in positions:
        if not (0 <= row < height and 0 <= col < width):
            raise ValueError(
                f"위치 ({row}, {col})가 특성 맵 밖입니다. 행은 0부터 {height - 1}, "
                f"열은 0부터 {width - 1}까지입니다."
            )
    top, left = (kh - 1) // 2, (kw - 1) // 2  # SAME 패딩에서 창이 위, 왼쪽으로 넘는 양

    fig = Figure(figsize=(10, 3.8), layout="constrained")
    ax_image, ax_kernel, ax_map = fig.subplots(1, 3, width_ratios=[3, 1.5, 3])
    ax_image.imshow(image, cmap="binary", interpolation="nearest")
    ax_image.set_title("입력 이미지")
    limit = np.abs(kernel).max() or 1.0  # 0이 흰색이 되도록 대칭인 색 범위
    shown = ax_kernel.imshow(
        kernel, cmap="seismic", vmin=-limit, vmax=limit, interpolation="nearest"
    )
    ax_kernel.set_title("필터")
    fig.colorbar(shown, ax=ax_kernel, shrink=0.6)
    ax_map.imshow(feature_map, cmap="binary", interpolation="nearest")
    ax_map.set_title("특성 맵")
    for number, (row, col) in enumerate(positions, start=1):
        color = MARK_COLORS[(number - 1) % len(MARK_COLORS)]
        # imshow에서 픽셀 (r, c)는 (c - 0.5, r - 0.5)부터 (c + 0.5, r + 0.5)까지입니다.
        corner = (col - left - 0.5, row - top - 0.5)
        ax_image.add_patch(Rectangle(corner, kw, kh, fill=False, edgecolor=color, linewidth=2))
        ax_image.text(corner[0], corner[1] - 0.3, str(number), color=color, fontsize=11)
        ax_map.add_patch(
            Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor=color, linewidth=3)
        )
        ax_map.text(col + 0.8, row - 0.8, str(number), color=color, fontsize=11,
                    fontweight="bold")
    for ax in (ax_image, ax_kernel, ax_map):
        _hide_ticks(ax)
    return fig


def _shape_text(shape: Sequence[int] | int | None) -> str:
    if shape is None:
        return ""
    if isinstance(shape, (int, np.integer)):
        return str(shape)
    return " × ".join(str(size) for size in shape)


FLOWCHART_FONT_SIZE = 12  # 포인트. 390 px 화면에서도 11 px 넘게 보이는 크기입니다.


def _text_width_inches(text: str, fontsize: float) -> float:
    """글자 폭을 어림합니다: 한글은 1em, 나머지는 0.6em."""
    ems = sum(1.0 if ord(char) >= 0x1100 else 0.6 for char in text)
    return ems * fontsize / 72


def _check_stages(stages) -> list:
    stages = list(stages)
    if not stages or any(
        not isinstance(stage, (tuple, list)) or len(stage) != 2 for stage in stages
    ):
        raise ValueError(
            "stages는 (이름, 모양) 쌍을 하나 이상 담은 목록이어야 합니다. "
            '예: [("입력", (28, 28, 1)), ("합성곱 층 1", (14, 14, 16))]'
        )
    return stages


def _flowchart_box(ax, x: float, y: float, width: float, height: float) -> None:
    ax.add_patch(FancyBboxPatch(
        (x, y), width, height, boxstyle="round,pad=0.03",
        facecolor="#e8f0fb", edgecolor="#3060a0",
    ))


def _flowchart_arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.2})


def plot_network_flowchart(
    stages: Sequence[tuple[str, Sequence[int] | int | None]],
    direction: str = "vertical",
) -> Figure:
    """신경망의 단계를 상자와 화살표로 그립니다.

    stages: (이름, 모양) 쌍의 목록. 예: [("입력", (28, 28, 1)), ("합성곱 층 1", (14, 14, 16))]
    모양은 튜플, 정수 하나, 또는 None(모양을 쓰지 않음)입니다.
    direction: "vertical"(기본, 위에서 아래로)은 좁은 휴대전화 화면에서도 글자가 읽히는 크기로
    그립니다. "horizontal"은 왼쪽에서 오른쪽으로 한 줄에 그립니다(넓은 화면용).
    """
    stages = _check_stages(stages)
    if direction not in ("vertical", "horizontal"):
        raise ValueError(
            f'direction은 "vertical" 또는 "horizontal"이어야 합니다(받은 값: {direction!r}).'
        )
    size = FLOWCHART_FONT_SIZE
    labels = [str(label) for label, _ in stages]
    shapes = [_shape_text(shape) for _, shape in stages]
    if direction == "horizontal":
        return _horizontal_flowchart(labels, shapes, size)
    # 한 단계 = 한 줄짜리 상자: 왼쪽에 이름, 오른쪽에 모양. 좌표 단위는 인치입니다.
    box_height, gap, margin, pad = 0.48, 0.34, 0.08, 0.14
    widest = max(
        _text_width_inches(label, size) + _text_width_inches(shape, size)
        for label, shape in zip(labels, shapes)
    )
    box_width = max(3.0, widest + 0.45 + 2 * pad)
    width = box_width + 2 * margin
    height = len(stages) * (box_height + gap) - gap + 2 * margin
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    for index, (label, shape) in enumerate(zip(labels, shapes)):
        top = height - margin - index * (box_height + gap)
        bottom, middle = top - box_height, top - box_height / 2
        _flowchart_box(ax, margin, bottom, box_width, box_height)
        ax.text(margin + pad, middle, label, ha="left", va="center", fontsize=size)
        ax.text(margin + box_width - pad, middle, shape, ha="right", va="center",
                fontsize=size, color="#333333")
        if index > 0:
            _flowchart_arrow(ax, (width / 2, top + gap - 0.04), (width / 2, top + 0.04))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig


def _horizontal_flowchart(labels: list[str], shapes: list[str], size: float) -> Figure:
    box_width = max(
        1.3, max(_text_width_inches(text, size) for text in labels + shapes) + 0.25
    )
    box_height, gap, margin = 0.9, 0.35, 0.08
    width = len(labels) * (box_width + gap) - gap + 2 * margin
    height = box_height + 2 * margin
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    for index, (label, shape) in enumerate(zip(labels, shapes)):
        x = margin + index * (box_width + gap)
        _flowchart_box(ax, x, margin, box_width, box_height)
        ax.text(x + box_width / 2, margin + 0.64 * box_height, label,
                ha="center", va="center", fontsize=size)
        ax.text(x + box_width / 2, margin + 0.3 * box_height, shape,
                ha="center", va="center", fontsize=size, color="#333333")
        if index > 0:
            middle = margin + box_height / 2
            _flowchart_arrow(ax, (x - gap + 0.04, middle), (x - 0.04, middle))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig
