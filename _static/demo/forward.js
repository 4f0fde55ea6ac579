// 6장의 신경망을 브라우저에서 계산하는 순전파(forward pass). 라이브러리 없이 JavaScript만 씁니다.
//
// 가중치는 cnn_course.export가 내보낸 network.json(목록)과 network.bin(리틀 엔디언 float16)에서 읽습니다.
// 계산은 Python의 참고 구현 cnn_course.export.forward와 같습니다:
//   합성곱(5x5, SAME, 스트라이드 1) + 편향 -> 2x2 최대 풀링 -> ReLU   (두 번: 28 -> 14 -> 7)
//   평탄화(높이, 너비, 채널 순서) -> 완전 연결 + ReLU -> 완전 연결(로짓) -> 소프트맥스
// 드롭아웃은 학습할 때만 쓰므로 여기에는 없습니다. 합은 64비트(JavaScript의 수)로 더하고,
// 층의 출력은 Float32Array에 담습니다. 텐서의 배치는 TensorFlow와 같습니다:
// 이미지와 특성 맵은 [높이, 너비, 채널], 합성곱 필터는 [높이, 너비, 입력 채널, 출력 채널],
// 완전 연결 가중치는 [입력, 출력].

function halfToFloat(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // 비정규 수와 0
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function readTensor(buffer, entry, dtype) {
  if (dtype !== "float16") throw new Error(`모르는 가중치 형식입니다: ${dtype}`);
  const view = new DataView(buffer, entry.offset, entry.bytes);
  const values = new Float32Array(entry.bytes / 2);
  for (let i = 0; i < values.length; i++) values[i] = halfToFloat(view.getUint16(2 * i, true));
  const expected = entry.shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new Error(`${entry.name}: 값 ${values.length}개, 모양 ${entry.shape}`);
  return values;
}

// manifest: network.json을 읽은 객체(또는 그 JSON 글자), buffer: network.bin의 ArrayBuffer.
export function loadNetwork(manifestJson, arrayBuffer) {
  const manifest = typeof manifestJson === "string" ? JSON.parse(manifestJson) : manifestJson;
  const tensors = {};
  for (const entry of manifest.tensors) tensors[entry.name] = readTensor(arrayBuffer, entry, manifest.dtype);
  const shape = Object.fromEntries(manifest.tensors.map((entry) => [entry.name, entry.shape]));
  const config = manifest.config;
  const conv = config.num_filters.map((count, i) => {
    const [size, , inputs, outputs] = shape[`conv${i + 1}/weights`];
    return { name: `conv${i + 1}`, size, inputs, outputs, weights: tensors[`conv${i + 1}/weights`],
             biases: tensors[`conv${i + 1}/biases`] };
  });
  const fc = [...config.fc_sizes, config.num_classes].map((_, i) => {
    const [inputs, outputs] = shape[`fc${i + 1}/weights`];
    return { name: `fc${i + 1}`, inputs, outputs, weights: tensors[`fc${i + 1}/weights`],
             biases: tensors[`fc${i + 1}/biases`] };
  });
  return { manifest, config, conv, fc, imageSize: config.img_size };
}

// 합성곱(SAME) + 편향, 그다음 2x2 최대 풀링과 ReLU. input: [size, size, layer.inputs].
function convPoolRelu(layer, input, size) {
  const { size: k, inputs, outputs, weights, biases } = layer;
  const before = (k - 1) >> 1; // TensorFlow의 SAME 패딩: 위와 왼쪽에 (k-1)/2칸
  const conv = new Float64Array(size * size * outputs);
  const sum = new Float64Array(outputs);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let o = 0; o < outputs; o++) sum[o] = biases[o];
      for (let ky = 0; ky < k; ky++) {
        const iy = y + ky - before;
        if (iy < 0 || iy >= size) continue; // 바깥은 0으로 채운 것과 같습니다
        for (let kx = 0; kx < k; kx++) {
          const ix = x + kx - before;
          if (ix < 0 || ix >= size) continue;
          const inBase = (iy * size + ix) * inputs;
          const wBase = (ky * k + kx) * inputs * outputs;
          for (let c = 0; c < inputs; c++) {
            const value = input[inBase + c];
            if (value === 0) continue;
            const w = wBase + c * outputs;
            for (let o = 0; o < outputs; o++) sum[o] += value * weights[w + o];
          }
        }
      }
      conv.set(sum, (y * size + x) * outputs);
    }
  }
  const half = size >> 1;
  const pooled = new Float32Array(half * half * outputs);
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      for (let o = 0; o < outputs; o++) {
        const at = (i, j) => conv[((2 * y + i) * size + 2 * x + j) * outputs + o];
        const best = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
        pooled[(y * half + x) * outputs + o] = best > 0 ? best : 0;
      }
    }
  }
  return pooled;
}

function dense(layer, input, relu) {
  const { inputs, outputs, weights, biases } = layer;
  const sum = Float64Array.from(biases);
  for (let i = 0; i < inputs; i++) {
    const value = input[i];
    if (value === 0) continue;
    const base = i * outputs;
    for (let o = 0; o < outputs; o++) sum[o] += value * weights[base + o];
  }
  const result = new Float32Array(outputs);
  for (let o = 0; o < outputs; o++) result[o] = relu && sum[o] < 0 ? 0 : sum[o];
  return result;
}

function softmax(logits) {
  const top = Math.max(...logits);
  const exps = Array.from(logits, (value) => Math.exp(value - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return Float32Array.from(exps, (value) => value / total);
}

// pixels: 0~1 값 784개(Float32Array, 28x28 행 우선). 층마다의 출력을 돌려줍니다:
// conv1 [14*14*16], conv2 [7*7*36](높이, 너비, 채널 순서), fc [128], logits [10], probabilities [10].
export function forward(net, pixels) {
  const result = {};
  let size = net.imageSize;
  if (pixels.length !== size * size) throw new Error(`이미지는 ${size * size}픽셀이어야 합니다: ${pixels.length}`);
  let x = pixels;
  for (const layer of net.conv) {
    x = convPoolRelu(layer, x, size);
    size >>= 1;
    result[layer.name] = x;
  }
  net.fc.forEach((layer, i) => {
    const last = i === net.fc.length - 1;
    x = dense(layer, x, !last);
    if (!last) result[i === 0 ? "fc" : `fc${i + 1}`] = x;
  });
  result.logits = x;
  result.probabilities = softmax(x);
  return result;
}
