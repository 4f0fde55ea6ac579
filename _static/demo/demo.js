// "직접 그려 보기" 쪽: 독자가 그린 숫자(또는 고른 시험 이미지)를 6장의 신경망이 그 자리에서 분류합니다.
// 인터넷 없이 동작합니다: 가중치(network.json, network.bin)와 예시 이미지(samples.bin)는 책 안에 있습니다.
import { forward, loadNetwork } from "./forward.js";
import { IMAGE_SIZE, preprocess } from "./drawing.js";

const CANVAS = 280; // 그리는 칸의 픽셀 수(화면 크기와 상관없이 언제나 같음)
const LINE_WIDTH = 18; // 붓의 굵기(캔버스 픽셀). 긴 변 200픽셀로 그리면 20x20 상자에서 약 2픽셀
const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

const root = document.getElementById("draw-demo");
const $ = (selector) => root.querySelector(selector);
const api = { timings: [], firstPrediction: null, state: null };
window.cnnDemo = api;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

// ---- 색: 특성 맵은 흰색(0)에서 검은색(큰 값)으로, 필터는 파랑(음수)-흰색(0)-빨강(양수)으로(7장의 그림과 같음).
function grey(value) {
  const level = Math.round(255 * (1 - Math.min(Math.max(value, 0), 1)));
  return [level, level, level];
}

const SEISMIC = [[0, 0, 0.3], [0, 0, 1], [1, 1, 1], [1, 0, 0], [0.5, 0, 0]];
function seismic(value) { // value: -1~1
  const t = (Math.min(Math.max(value, -1), 1) + 1) * 2; // 0~4
  const i = Math.min(Math.floor(t), 3), f = t - i;
  return SEISMIC[i].map((c, k) => Math.round(255 * (c + (SEISMIC[i + 1][k] - c) * f)));
}

function paint(canvas, width, height, colorAt) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = colorAt(i);
    image.data.set([r, g, b, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}

function pixelCanvas(size, label) {
  return element("canvas", { width: size, height: size, class: "dd-pixels", role: "img", "aria-label": label });
}

// ---- 그리는 칸: 획(stroke)마다 점 목록을 기억해 두었다가 되돌리기에서 다시 그립니다.
const pad = $(".dd-canvas");
const padContext = pad.getContext("2d", { willReadFrequently: true });
let strokes = []; // [[x, y], ...]의 목록
let current = null;
let base = null; // 고른 시험 이미지(0~1 값 784개). 그 위에 덧그릴 수 있습니다.
const baseCanvas = element("canvas", { width: IMAGE_SIZE, height: IMAGE_SIZE }); // 그 이미지(잉크 = 불투명도)

function redraw() {
  padContext.clearRect(0, 0, CANVAS, CANVAS);
  if (base) {
    padContext.imageSmoothingEnabled = true;
    padContext.drawImage(baseCanvas, 0, 0, CANVAS, CANVAS);
  }
  strokes.forEach(drawStroke);
}

function drawStroke(points) {
  padContext.strokeStyle = "#000";
  padContext.fillStyle = "#000";
  padContext.lineWidth = LINE_WIDTH;
  padContext.lineCap = "round";
  padContext.lineJoin = "round";
  if (points.length === 1) {
    padContext.beginPath();
    padContext.arc(points[0][0], points[0][1], LINE_WIDTH / 2, 0, 2 * Math.PI);
    padContext.fill();
    return;
  }
  padContext.beginPath();
  padContext.moveTo(...points[0]);
  for (const point of points.slice(1)) padContext.lineTo(...point);
  padContext.stroke();
}

function padPoint(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * CANVAS / box.width, (event.clientY - box.top) * CANVAS / box.height];
}

pad.addEventListener("pointerdown", (event) => {
  if (event.button !== 0) return;
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  current = [padPoint(event)];
  strokes.push(current);
  scheduleUpdate();
});
pad.addEventListener("pointermove", (event) => {
  if (!current) return;
  const coalesced = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  current.push(...(coalesced.length ? coalesced : [event]).map(padPoint));
  scheduleUpdate();
});
for (const type of ["pointerup", "pointercancel"]) {
  pad.addEventListener(type, () => {
    if (!current) return;
    current = null;
    scheduleUpdate();
  });
}

$(".dd-clear").addEventListener("click", () => {
  strokes = [];
  base = null;
  selectSample(null);
  update();
});
$(".dd-undo").addEventListener("click", () => {
  strokes.pop();
  update();
});

// 잉크의 양 = 캔버스 픽셀의 불투명도(0~1), 행 우선 CANVAS x CANVAS개.
function canvasInk() {
  const data = padContext.getImageData(0, 0, CANVAS, CANVAS).data;
  const ink = new Float64Array(CANVAS * CANVAS);
  for (let i = 0; i < ink.length; i++) ink[i] = data[4 * i + 3] / 255;
  return ink;
}

// ---- 신경망 입력과 출력
let network = null;
let pending = false;

function scheduleUpdate() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    update();
  });
}

// 지금 신경망이 받을 이미지: 덧그린 것이 없으면 고른 시험 이미지 그대로, 있으면 캔버스를 전처리한 것.
function currentInput() {
  if (base && strokes.length === 0) return { pixels: Float64Array.from(base), source: "sample" };
  if (!base && strokes.length === 0) return { pixels: new Float64Array(PIXELS), source: "blank" };
  return { pixels: preprocess(canvasInk(), CANVAS, CANVAS), source: "drawing" };
}

// 획 목록에서 캔버스를 언제나 처음부터 다시 그립니다: 되돌리기 뒤에도 같은 획이면 같은 픽셀입니다.
function update() {
  if (!network) return;
  const started = performance.now();
  redraw();
  const input = currentInput();
  const result = forward(network, Float32Array.from(input.pixels));
  api.state = { input: input.pixels, source: input.source, result };
  render(input, result);
  api.timings.push(performance.now() - started);
  if (api.firstPrediction === null) {
    api.firstPrediction = performance.now();
    root.dataset.ready = "true";
  }
}

// ---- 화면: 28x28 입력, 확률 막대, 층마다의 출력
const seen = $(".dd-seen");
const bars = [];
const barList = $(".dd-bars");
for (let digit = 0; digit < 10; digit++) {
  const fill = element("span", { class: "dd-fill" });
  const value = element("span", { class: "dd-value" });
  const row = element("div", { class: "dd-bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100",
                               "aria-label": `숫자 ${digit}의 확률` },
    element("span", { class: "dd-digit", text: String(digit) }),
    element("span", { class: "dd-track" }, fill), value);
  barList.append(row);
  bars.push({ row, fill, value });
}

function mapGrid(container, count, size, layer) {
  const maps = [];
  for (let i = 0; i < count; i++) {
    const canvas = element("canvas", { width: size, height: size, class: "dd-map", tabindex: i === 0 ? "0" : "-1",
                                       role: "img", "aria-label": `${layer.label}의 특성 맵 ${i}` });
    canvas.dataset.layer = layer.name;
    canvas.dataset.index = String(i);
    container.append(canvas);
    maps.push(canvas);
  }
  // 화살표 키로 특성 맵 사이를 옮겨 다닙니다(Tab은 격자 하나에 한 번만 머뭅니다).
  container.addEventListener("keydown", (event) => {
    const index = maps.indexOf(document.activeElement);
    if (index < 0) return;
    const columns = Math.round(container.clientWidth / maps[0].getBoundingClientRect().width) || 1;
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns,
                    Home: -index, End: count - 1 - index };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = Math.min(Math.max(index + moves[event.key], 0), count - 1);
    maps[index].tabIndex = -1;
    maps[next].tabIndex = 0;
    maps[next].focus();
  });
  for (const canvas of maps) {
    const show = () => showFilter(layer.name, Number(canvas.dataset.index));
    canvas.addEventListener("pointerenter", show);
    canvas.addEventListener("focus", show);
    canvas.addEventListener("click", show);
  }
  return maps;
}

const LAYERS = [
  { name: "conv1", label: "합성곱 층 1", size: 14, count: 16 },
  { name: "conv2", label: "합성곱 층 2", size: 7, count: 36 },
];
for (const layer of LAYERS) layer.maps = mapGrid($(`.dd-${layer.name}`), layer.count, layer.size, layer);
const fcCanvas = $(".dd-fc");
const logitList = $(".dd-logits");
const logitRows = [];
for (let digit = 0; digit < 10; digit++) {
  const bar = element("span", { class: "dd-logit-bar" });
  const value = element("span", { class: "dd-logit-value" });
  logitList.append(element("div", { class: "dd-logit" }, element("span", { class: "dd-digit", text: String(digit) }),
                           element("span", { class: "dd-logit-track" }, bar), value));
  logitRows.push({ bar, value });
}

function render(input, result) {
  paint(seen, IMAGE_SIZE, IMAGE_SIZE, (i) => grey(input.pixels[i]));
  const best = result.probabilities.indexOf(Math.max(...result.probabilities));
  bars.forEach(({ row, fill, value }, digit) => {
    const percent = 100 * result.probabilities[digit];
    fill.style.width = `${percent}%`;
    value.textContent = `${percent.toFixed(1)}%`;
    row.setAttribute("aria-valuenow", percent.toFixed(1));
    row.classList.toggle("dd-best", digit === best);
  });
  $(".dd-answer").textContent = input.source === "blank"
    ? "아직 그린 것이 없습니다. 빈 이미지도 신경망은 어느 한 숫자로 분류합니다."
    : `신경망의 답: ${best} (확률 ${(100 * result.probabilities[best]).toFixed(1)}%)`;
  for (const layer of LAYERS) {
    const values = result[layer.name];
    const top = Math.max(...values) || 1; // 같은 층의 특성 맵은 모두 같은 색 범위
    layer.maps.forEach((canvas, k) => paint(canvas, layer.size, layer.size,
      (i) => grey(values[i * layer.count + k] / top)));
  }
  const fcTop = Math.max(...result.fc) || 1;
  paint(fcCanvas, 16, 8, (i) => grey(result.fc[i] / fcTop));
  const logitTop = Math.max(...result.logits.map(Math.abs)) || 1;
  logitRows.forEach(({ bar, value }, digit) => {
    const logit = result.logits[digit];
    const width = 50 * Math.abs(logit) / logitTop;
    bar.style.width = `${width}%`;
    bar.style.left = logit < 0 ? `${50 - width}%` : "50%";
    bar.classList.toggle("dd-negative", logit < 0);
    value.textContent = logit.toFixed(2);
  });
}

// ---- 필터 보기: 특성 맵에 마우스를 올리거나 누르거나 키보드로 고르면 그 맵을 만든 필터를 보여 줍니다.
const filterBox = $(".dd-filter");
function showFilter(layerName, index) {
  const layer = network.conv[layerName === "conv1" ? 0 : 1];
  const { size, inputs, outputs, weights } = layer;
  let limit = 0;
  for (const w of weights) limit = Math.max(limit, Math.abs(w)); // 층 전체의 절댓값 최댓값(7장과 같음)
  const slices = element("div", { class: `dd-slices dd-slices-${inputs}` });
  for (let c = 0; c < inputs; c++) {
    const label = inputs === 1 ? `합성곱 층 1의 필터 ${index}`
      : `합성곱 층 2의 필터 ${index}에서 층 1의 특성 맵 ${c}에 곱하는 5×5 가중치`;
    const canvas = pixelCanvas(size, label);
    paint(canvas, size, size, (i) => seismic(weights[(i * inputs + c) * outputs + index] / limit));
    slices.append(canvas);
  }
  const text = inputs === 1
    ? `합성곱 층 1의 필터 ${index}: 입력 이미지에 곱하는 5×5 가중치 25개입니다. 빨강은 양수, 파랑은 음수입니다. ` +
      "이 필터가 이미지 위를 미끄러지며 만든 특성 맵을 2×2 최대 풀링하고 ReLU를 거친 것이 고른 특성 맵입니다."
    : `합성곱 층 2의 필터 ${index}: 층 1의 특성 맵 16개마다 5×5 가중치가 하나씩, 모두 16개입니다(왼쪽 위부터 ` +
      "층 1의 맵 0, 1, 2, … 순서). 맵마다 자기 5×5로 합성곱한 결과를 모두 더하고 편향을 더한 다음, " +
      "풀링과 ReLU를 거친 것이 고른 특성 맵입니다. 빨강은 양수, 파랑은 음수입니다.";
  filterBox.replaceChildren(element("p", { class: "dd-filter-text", text }), slices);
  root.querySelectorAll(".dd-map.dd-selected").forEach((map) => map.classList.remove("dd-selected"));
  root.querySelector(`.dd-map[data-layer="${layerName}"][data-index="${index}"]`).classList.add("dd-selected");
}

// ---- 시험 이미지 고르개
const picker = $(".dd-picker");
function selectSample(index) {
  picker.querySelectorAll("button").forEach((button, i) => button.setAttribute("aria-pressed", String(i === index)));
}

// 고르개가 쓰는 입력 경로: 28x28 이미지(0~255 정수나 0~1 실수 784개)를 그대로 신경망에 넣습니다.
api.useImage = (pixels) => {
  const scale = Array.from(pixels).some((value) => value > 1) ? 255 : 1;
  base = Float64Array.from(pixels, (value) => value / scale);
  const image = baseCanvas.getContext("2d").createImageData(IMAGE_SIZE, IMAGE_SIZE);
  base.forEach((value, i) => image.data.set([0, 0, 0, Math.round(255 * value)], 4 * i));
  baseCanvas.getContext("2d").putImageData(image, 0, 0);
  strokes = [];
  update();
  return api.state;
};
api.canvasInk = () => Array.from(canvasInk());

function buildPicker(info, bytes) {
  info.labels.forEach((label, n) => {
    const pixels = bytes.subarray(n * PIXELS, (n + 1) * PIXELS);
    const answer = info.predicted[n]; // 내보낼 때 Python이 같은 가중치로 계산한 답(테스트가 쪽의 답과 비교)
    const wrong = answer !== label;
    const name = wrong ? `정답 ${label}, 신경망의 답 ${answer}(틀림)` : `정답 ${label}`;
    const thumb = pixelCanvas(IMAGE_SIZE, "");
    thumb.setAttribute("aria-hidden", "true");
    paint(thumb, IMAGE_SIZE, IMAGE_SIZE, (i) => grey(pixels[i] / 255));
    const button = element("button", { type: "button", class: wrong ? "dd-sample dd-wrong" : "dd-sample",
                                       "aria-pressed": "false", title: name,
                                       "aria-label": `시험 이미지 ${info.indices[n]}번: ${name}` }, thumb);
    button.addEventListener("click", () => {
      api.useImage(pixels);
      selectSample(n);
    });
    picker.append(button);
  });
}

async function start() {
  const folder = new URL(".", import.meta.url);
  const get = (name) => fetch(new URL(name, folder)).then((response) => {
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return response;
  });
  const [manifest, weights, sampleBytes] = await Promise.all([
    get("network.json").then((response) => response.json()),
    get("network.bin").then((response) => response.arrayBuffer()),
    get("samples.bin").then((response) => response.arrayBuffer()),
  ]);
  network = loadNetwork(manifest, weights);
  api.network = network;
  // 처음에는 신경망이 맞힌 첫 시험 이미지를 보여 줍니다.
  const info = manifest.samples;
  const bytes = new Uint8Array(sampleBytes);
  const first = info.predicted.findIndex((answer, n) => answer === info.labels[n]);
  api.useImage(bytes.subarray(first * PIXELS, (first + 1) * PIXELS));
  buildPicker(info, bytes);
  selectSample(first);
  showFilter("conv1", 0);
}

api.ready = start().catch((error) => {
  $(".dd-answer").textContent = `신경망을 불러오지 못했습니다: ${error.message}`;
  throw error;
});
