"""그림 함수가 알맞은 Figure를 돌려주고, 한글이 경고 없이 그려지는지 확인합니다."""

import io
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Annotation
from matplotlib.patches import FancyBboxPatch, Rectangle
from sklearn.metrics import confusion_matrix

from cnn_course import plots
from cnn_course.reference import conv2d

RNG = np.random.default_rng(0)
IMAGES = RNG.random((12, 28, 28)).astype(np.float32)
WEIGHTS = RNG.normal(0, 0.1, (5, 5, 3, 7)).astype(np.float32)
FLOWCHART = [
    ("입력", (28, 28, 1)),
    ("합성곱 층 1", (14, 14, 16)),
    ("합성곱 층 2", (7, 7, 36)),
    ("평탄화", 1764),
    ("완전 연결 층", (128,)),
    ("클래스", None),
]


def draw(function, *args, **kwargs) -> Figure:
    """경고를 오류로 바꾼 채로 그림을 만들고 PNG로 저장해 봅니다."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = function(*args, **kwargs)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=50)  # 낮은 해상도로도 모든 글자를 그립니다.
    assert buffer.getvalue().startswith(b"\x89PNG")
    return fig


def images_in(ax) -> list[AxesImage]:
    return [artist for artist in ax.get_children() if isinstance(artist, AxesImage)]


def texts_in(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


ALL_FIGURES = {
    "plot_images": lambda: plots.plot_images(IMAGES[:9], range(9), range(9)),
    "plot_image": lambda: plots.plot_image(IMAGES[0]),
    "plot_example_errors": lambda: plots.plot_example_errors(IMAGES, [1] * 12, [2] * 12),
    "plot_confusion_matrix": lambda: plots.plot_confusion_matrix([0, 1, 2, 3], [0, 1, 1, 3]),
    "plot_conv_weights": lambda: plots.plot_conv_weights(WEIGHTS),
    "plot_conv_layer": lambda: plots.plot_conv_layer(RNG.normal(size=(1, 14, 14, 5))),
    "plot_convolution_steps": lambda: plots.plot_convolution_steps(
        IMAGES[0], WEIGHTS[:, :, 0, 0], [(5, 5), (20, 10)]
    ),
    "plot_network_flowchart": lambda: plots.plot_network_flowchart(FLOWCHART),
}


@pytest.mark.parametrize("name", ALL_FIGURES)
def test_every_plot_returns_a_figure_without_pyplot_and_saves_without_warnings(name):
    fig = draw(ALL_FIGURES[name])
    assert isinstance(fig, Figure)
    assert fig.canvas.manager is None  # pyplot이 관리하는 그림이 아님


def test_plot_images_labels_true_classes_under_each_image():
    fig = draw(plots.plot_images, IMAGES[:9], [7, 2, 1, 0, 4, 1, 4, 9, 5])
    assert len(fig.axes) == 9
    assert [ax.get_xlabel() for ax in fig.axes][:3] == ["정답: 7", "정답: 2", "정답: 1"]
    assert all(ax.get_xticks().size == 0 and ax.get_yticks().size == 0 for ax in fig.axes)
    assert images_in(fig.axes[0])[0].get_cmap().name == "binary"


def test_plot_images_labels_predictions_and_class_names():
    names = [f"옷{i}" for i in range(10)]
    fig = draw(plots.plot_images, IMAGES[:9], [7] * 9, [1] * 9, class_names=names)
    assert fig.axes[0].get_xlabel() == "정답: 옷7, 예측: 옷1"
    fig = draw(plots.plot_images, IMAGES[:9], [7] * 9, [1] * 9)
    assert fig.axes[8].get_xlabel() == "정답: 7, 예측: 1"


def test_plot_images_accepts_flat_images():
    fig = draw(plots.plot_images, IMAGES[:9].reshape(9, 784), range(9))
    np.testing.assert_array_equal(images_in(fig.axes[4])[0].get_array(), IMAGES[4])


@pytest.mark.parametrize(
    "images, cls_true, cls_pred, message",
    [
        (IMAGES[:8], range(8), None, "정확히 9장"),
        (IMAGES[:9], range(8), None, "cls_true의 길이"),
        (IMAGES[:9], range(9), range(3), "cls_pred의 길이"),
        (np.zeros((9, 780)), range(9), None, "제곱수가 아니라"),
    ],
)
def test_plot_images_rejects_bad_input(images, cls_true, cls_pred, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_images(images, cls_true, cls_pred)


def test_plot_image_draws_one_image_from_flat_pixels():
    fig = draw(plots.plot_image, IMAGES[3].reshape(784))
    assert len(fig.axes) == 1
    np.testing.assert_array_equal(images_in(fig.axes[0])[0].get_array(), IMAGES[3])


def test_plot_example_errors_shows_first_nine_misclassified_images():
    cls_true = np.arange(12) % 10
    cls_pred = cls_true.copy()
    wrong = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # 열한 개가 틀림, 1번만 맞음
    cls_pred[wrong] = (cls_pred[wrong] + 1) % 10
    fig = draw(plots.plot_example_errors, IMAGES, cls_true, cls_pred)
    assert len(fig.axes) == 9
    assert fig.axes[1].get_xlabel() == f"정답: {cls_true[2]}, 예측: {cls_pred[2]}"
    np.testing.assert_array_equal(images_in(fig.axes[1])[0].get_array(), IMAGES[2])


def test_plot_example_errors_shows_fewer_when_there_are_fewer_errors():
    cls_true = np.zeros(12, dtype=int)
    cls_pred = cls_true.copy()
    cls_pred[[4, 9]] = 3
    fig = draw(plots.plot_example_errors, IMAGES, cls_true, cls_pred)
    assert [ax.get_xlabel() for ax in fig.axes] == ["정답: 0, 예측: 3"] * 2


def test_plot_example_errors_without_errors_says_so():
    fig = draw(plots.plot_example_errors, IMAGES, [5] * 12, [5] * 12)
    assert texts_in(fig.axes[0]) == ["잘못 분류한 이미지가 없습니다."]


def test_plot_example_errors_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="같아야 합니다"):
        plots.plot_example_errors(IMAGES, [1] * 12, [1] * 11)


def test_plot_confusion_matrix_draws_counts_with_korean_axis_labels():
    cls_true = RNG.integers(0, 10, 200)
    cls_pred = np.where(RNG.random(200) < 0.7, cls_true, RNG.integers(0, 10, 200))
    fig = draw(plots.plot_confusion_matrix, cls_true, cls_pred)
    ax, colorbar = fig.axes
    assert ax.get_xlabel() == "예측한 클래스"
    assert ax.get_ylabel() == "실제 클래스"
    assert list(ax.get_xticks()) == list(range(10)) == list(ax.get_yticks())
    expected = confusion_matrix(cls_true, cls_pred, labels=range(10))
    np.testing.assert_array_equal(images_in(ax)[0].get_array(), expected)
    assert sorted(map(int, texts_in(ax))) == sorted(expected.ravel().tolist())


def test_confusion_matrix_text_is_aligned_and_counts_every_image():
    cls_true = [0, 0, 1, 2, 2, 2]
    cls_pred = [0, 1, 1, 2, 2, 0]
    text = plots.confusion_matrix_text(cls_true, cls_pred, num_classes=3)
    lines = text.splitlines()
    assert "행: 실제 클래스" in lines[0]
    table = lines[1:]
    assert len(table) == 4 and len({len(line) for line in table}) == 1
    assert table[1].split() == ["0", "1", "1", "0"]  # 실제 0: 0으로 1번, 1로 1번
    assert table[3].split() == ["2", "1", "0", "2"]


def test_confusion_matrix_rejects_classes_out_of_range():
    with pytest.raises(ValueError, match="범위를 벗어난"):
        plots.confusion_matrix_text([0, 10], [0, 1])
    with pytest.raises(ValueError, match="길이"):
        plots.plot_confusion_matrix([0, 1], [0])


def test_plot_conv_weights_uses_a_symmetric_scale_over_the_whole_layer():
    limit = np.abs(WEIGHTS).max()  # 그리는 입력 채널만이 아니라 층 전체
    channel = next(c for c in range(3) if np.abs(WEIGHTS[:, :, c, :]).max() < limit)
    fig = draw(plots.plot_conv_weights, WEIGHTS, input_channel=channel)
    filters = [image for ax in fig.axes for image in images_in(ax)]
    assert len(filters) == 7  # 출력 채널마다 하나, 3×3 격자의 남는 칸은 비움
    assert len(fig.axes) == 7 + 1  # 색 막대
    limits = {(image.norm.vmin, image.norm.vmax) for image in filters}
    assert limits == {(-limit, limit)}
    assert {image.get_cmap().name for image in filters} == {"seismic"}
    np.testing.assert_array_equal(filters[2].get_array(), WEIGHTS[:, :, channel, 2])
    assert fig.get_suptitle() == ""


def test_plot_conv_weights_paints_zero_white_even_for_one_signed_weights():
    positive = np.abs(WEIGHTS) + 0.05  # min/max 범위라면 가운데(흰색)가 0이 아님
    fig = draw(plots.plot_conv_weights, positive)
    image = images_in(fig.axes[0])[0]
    white = image.cmap(image.norm(0.0))
    np.testing.assert_allclose(white[:3], 1.0, atol=0.02)  # seismic의 가운데는 흰색
    assert image.norm(positive.max()) == pytest.approx(1.0)


def test_plot_conv_weights_can_share_a_scale_between_two_figures_and_has_titles():
    small = WEIGHTS * 0.25
    vmax = plots.conv_weights_limit(WEIGHTS, small)
    assert vmax == pytest.approx(float(np.abs(WEIGHTS).max()))
    figures = [
        draw(plots.plot_conv_weights, w, vmax=vmax, title=title)
        for w, title in ((WEIGHTS, "학습한 신경망"), (small, "학습 전 신경망"))
    ]
    for fig, title in zip(figures, ("학습한 신경망", "학습 전 신경망")):
        assert fig.get_suptitle() == title
        limits = {(image.norm.vmin, image.norm.vmax)
                  for ax in fig.axes for image in images_in(ax)}
        assert limits == {(-vmax, vmax)}
    colorbars = [fig.axes[-1] for fig in figures]
    assert colorbars[0].get_ylim() == pytest.approx(colorbars[1].get_ylim())


def test_conv_weights_limit_of_zero_weights_is_one():
    assert plots.conv_weights_limit(np.zeros((3, 3, 1, 2))) == 1.0
    with pytest.raises(ValueError, match="하나 이상"):
        plots.conv_weights_limit()
    with pytest.raises(ValueError, match="NaN"):
        plots.conv_weights_limit(np.array([np.nan, 1.0]))


@pytest.mark.parametrize("vmax, error", [
    (0, ValueError), (-1.0, ValueError), (float("nan"), ValueError), (float("inf"), ValueError),
    (True, TypeError), ("1", TypeError),
])
def test_plot_conv_weights_rejects_bad_vmax(vmax, error):
    with pytest.raises(error, match="vmax"):
        plots.plot_conv_weights(WEIGHTS, vmax=vmax)


@pytest.mark.parametrize("channel", [-1, 3])
def test_plot_conv_weights_rejects_input_channel_out_of_range(channel):
    with pytest.raises(ValueError, match="0부터 2까지의 정수"):
        plots.plot_conv_weights(WEIGHTS, input_channel=channel)


def test_plot_conv_weights_rejects_wrong_shape():
    with pytest.raises(ValueError, match="4차원"):
        plots.plot_conv_weights(WEIGHTS[:, :, 0, :])


@pytest.mark.parametrize("shape", [(1, 7, 7, 10), (7, 7, 10)])
def test_plot_conv_layer_draws_every_channel(shape):
    values = RNG.random(shape)
    fig = draw(plots.plot_conv_layer, values)
    assert len(fig.axes) == 10  # 4x4 격자에 열 개
    assert {images_in(ax)[0].get_cmap().name for ax in fig.axes} == {"binary"}
    np.testing.assert_array_equal(
        images_in(fig.axes[9])[0].get_array(), values.reshape(7, 7, 10)[:, :, 9]
    )


def test_plot_conv_layer_rejects_several_images():
    with pytest.raises(ValueError, match="한 장만"):
        plots.plot_conv_layer(RNG.random((2, 7, 7, 4)))


def test_plot_convolution_steps_marks_windows_and_output_pixels():
    image = IMAGES[0]
    kernel = WEIGHTS[:, :, 0, 0]
    positions = [(3, 4), (10, 20), (27, 0)]
    fig = draw(plots.plot_convolution_steps, image, kernel, positions)
    ax_image, ax_kernel, ax_map = fig.axes[:3]
    assert [ax.get_title() for ax in fig.axes[:3]] == ["입력 이미지", "필터", "특성 맵"]
    windows = [p for p in ax_image.patches if isinstance(p, Rectangle)]
    assert [(w.get_x(), w.get_y(), w.get_width()) for w in windows][0] == (1.5, 0.5, 5)
    assert len(windows) == len(positions) == len(ax_map.patches)
    kernel_image = images_in(ax_kernel)[0]
    assert kernel_image.get_cmap().name == "seismic"
    assert kernel_image.norm.vmin == -kernel_image.norm.vmax
    expected = conv2d(image[None, :, :, None], kernel[:, :, None, None])[0, :, :, 0]
    np.testing.assert_allclose(images_in(ax_map)[0].get_array(), expected, atol=1e-6)


def test_plot_convolution_steps_rejects_position_outside_feature_map():
    with pytest.raises(ValueError, match="특성 맵 밖"):
        plots.plot_convolution_steps(IMAGES[0], np.ones((5, 5)), [(28, 0)])
    with pytest.raises(ValueError, match="2차원"):
        plots.plot_convolution_steps(IMAGES[0], WEIGHTS, [(0, 0)])


PHONE_CONTENT_PX = 350  # 390 px 화면에서 본문이 차지하는 너비(여백 제외, 넉넉하게)
MIN_SCREEN_PX = 11


def on_screen_font_px(fig: Figure, text, content_px: float) -> float:
    """노트북 출력(dpi 100 PNG)을 content_px 너비에 맞춰 줄여 보일 때 글자 높이(px)."""
    dpi = 100
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    width_px = int.from_bytes(buffer.getvalue()[16:20], "big")  # PNG IHDR의 너비
    scale = min(1.0, content_px / width_px)
    return text.get_fontsize() * dpi / 72 * scale


def test_plot_network_flowchart_draws_one_box_per_stage_top_to_bottom():
    fig = draw(plots.plot_network_flowchart, FLOWCHART)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == len(FLOWCHART)
    tops = [box.get_y() for box in boxes]
    assert tops == sorted(tops, reverse=True)  # 첫 단계가 맨 위
    texts = texts_in(ax)
    for label, _ in FLOWCHART:
        assert label in texts
    assert "28 × 28 × 1" in texts and "1764" in texts and "128" in texts
    arrows = [child for child in ax.texts if isinstance(child, Annotation)]
    assert len(arrows) == len(FLOWCHART) - 1


@pytest.mark.parametrize("stages", [FLOWCHART, FLOWCHART + [("출력(로짓)", (10,))] * 2])
def test_plot_network_flowchart_labels_stay_legible_on_a_phone(stages):
    fig = draw(plots.plot_network_flowchart, stages)
    labels = [text for text in fig.axes[0].texts if text.get_text()]
    assert labels
    sizes = [on_screen_font_px(fig, text, PHONE_CONTENT_PX) for text in labels]
    assert min(sizes) >= MIN_SCREEN_PX, sizes


def test_plot_network_flowchart_keeps_long_labels_inside_their_boxes():
    stages = [("아주 긴 이름의 완전 연결 층 번호 1", (1024, 1024, 512)), ("출력", (10,))]
    fig = draw(plots.plot_network_flowchart, stages)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    box = ax.patches[0].get_window_extent(renderer)
    label, shape = ax.texts[0].get_window_extent(renderer), ax.texts[1].get_window_extent(
        renderer
    )
    assert box.x0 <= label.x0 and label.x1 < shape.x0 and shape.x1 <= box.x1


def test_plot_network_flowchart_can_still_draw_left_to_right():
    fig = draw(plots.plot_network_flowchart, FLOWCHART, direction="horizontal")
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    xs = [box.get_x() for box in boxes]
    assert len(boxes) == len(FLOWCHART) and xs == sorted(xs)
    assert fig.get_size_inches()[0] > 2 * fig.get_size_inches()[1]
    with pytest.raises(ValueError, match="direction"):
        plots.plot_network_flowchart(FLOWCHART, direction="diagonal")


@pytest.mark.parametrize("stages", [[], [("입력",)], ["입력"]])
def test_plot_network_flowchart_rejects_malformed_stages(stages):
    with pytest.raises(ValueError, match="쌍"):
        plots.plot_network_flowchart(stages)
