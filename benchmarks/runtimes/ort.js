// ONNX Runtime Web, WASM 실행 공급자, 스레드 하나(책을 내보내는 정적 서버는 SharedArrayBuffer에 필요한
// COOP/COEP 헤더를 보내지 않으므로 스레드를 쓸 수 없습니다).
import * as ort from "./node_modules/onnxruntime-web/dist/ort.wasm.min.mjs";

export async function setup() {
  ort.env.wasm.wasmPaths = new URL("node_modules/onnxruntime-web/dist/", location.href).href;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const model = await fetch("net/net.onnx").then((r) => r.arrayBuffer());
  const session = await ort.InferenceSession.create(model, { executionProviders: ["wasm"],
                                                               graphOptimizationLevel: "all" });
  return async (pixels) => {
    const out = await session.run({ pixels: new ort.Tensor("float32", pixels, [1, 28, 28, 1]) });
    const result = {};
    for (const name of ["conv1", "conv2", "fc", "logits", "probabilities"]) result[name] = out[name].data;
    return result;
  };
}
