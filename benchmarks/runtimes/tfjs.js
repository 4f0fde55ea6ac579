// TensorFlow.js(tfjs-core + CPU 또는 WASM 백엔드). 전역 `tf`는 쪽의 <script>가 불러온 UMD 묶음입니다.
// 연산은 파이썬(cnn_course/layers.py)과 같습니다: SAME 합성곱 + 편향, 2×2 최대 풀링, ReLU, 행렬 곱.
const tf = window.tf;

async function loadWeights() {
  const [manifest, buffer] = await Promise.all([
    fetch("net/weights.json").then((r) => r.json()),
    fetch("net/weights.bin").then((r) => r.arrayBuffer()),
  ]);
  const weights = {};
  for (const [name, { shape, offset }] of Object.entries(manifest)) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights[name] = tf.tensor(new Float32Array(buffer, offset, size), shape);
  }
  return weights;
}

export async function setup(backend) {
  if (backend === "wasm") tf.wasm.setWasmPaths("node_modules/@tensorflow/tfjs-backend-wasm/dist/");
  tf.enableProdMode();
  const [, w] = await Promise.all([tf.setBackend(backend), tf.ready().then(loadWeights)]);
  if (tf.getBackend() !== backend) throw new Error(`백엔드가 ${backend}이 아닙니다: ${tf.getBackend()}`);

  const layer = (x, name) => tf.relu(tf.maxPool(
    tf.fused.conv2d({ x, filter: w[`${name}/weights`], bias: w[`${name}/biases`], strides: 1, pad: "same" }),
    2, 2, "same"));
  return async (pixels) => {
    const outputs = tf.tidy(() => {
      const conv1 = layer(tf.tensor4d(pixels, [1, 28, 28, 1]), "conv1");
      const conv2 = layer(conv1, "conv2");
      const fc = tf.fused.matMul({ a: tf.reshape(conv2, [1, 1764]), b: w["fc1/weights"], bias: w["fc1/biases"],
                                   activation: "relu" });
      const logits = tf.fused.matMul({ a: fc, b: w["fc2/weights"], bias: w["fc2/biases"] });
      return { conv1, conv2, fc, logits, probabilities: tf.softmax(logits) };
    });
    const result = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      result[name] = tensor.dataSync();
      tensor.dispose();
    }
    return result;
  };
}
