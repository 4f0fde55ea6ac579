// 런타임마다 같은 방법으로 잽니다. 쪽이 열리면 곧바로 `setup()`(런타임 준비, 가중치 내려받기)을 하고
// 주소의 ?image=(28×28 회색조 784바이트의 16진수, 데모가 처음 보여 줄 테스트 이미지 같은 것)로 첫 예측을 한 뒤,
// 그때까지의 시간과 그 확률을 window.bench로 알립니다. 빈 이미지는 쓰지 않습니다: 0을 건너뛰는 순전파에는
// 너무 쉬운 입력이라 첫 예측이 실제보다 빨라 보입니다.
// performance.now()는 탐색 시작(쪽을 열기 시작한 때)부터 잰 밀리초입니다.
// compare.py는 그다음 window.predictAll(images)로 테스트 이미지마다 예측 시간과 확률을 받습니다.

function firstImage() {
  const hex = new URLSearchParams(location.search).get("image") || "";
  if (hex.length !== 2 * 784) throw new Error("주소에 ?image=(784바이트의 16진수)가 없습니다");
  return Float32Array.from({ length: 784 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16) / 255);
}

export function run(setup) {
  let predict = null;
  window.bench = (async () => {
    const started = performance.now();  // 이 모듈이 실행되기 시작한 때(HTML과 스크립트를 받은 뒤)
    predict = await setup();
    const ready = performance.now();
    const first = await predict(firstImage());
    const firstPrediction = performance.now();
    if (first.probabilities.length !== 10) throw new Error("확률이 10개가 아닙니다");
    return { started, ready, firstPrediction, probabilities: Array.from(first.probabilities) };
  })();

  // 한 번에 이미지 하나씩(그리는 동안 쪽이 하는 것처럼). 앞의 `warmup`장은 한 번 더 돌려 시간에서 뺍니다.
  window.predictAll = async (images, warmup) => {
    const inputs = images.map((image) => Float32Array.from(image));
    for (const x of inputs.slice(0, warmup)) await predict(x);
    const milliseconds = [];
    const probabilities = [];
    for (const x of inputs) {
      const start = performance.now();
      const out = await predict(x);
      milliseconds.push(performance.now() - start);
      for (const name of ["conv1", "conv2", "fc", "logits"]) {
        if (!out[name] || out[name].length === 0) throw new Error(`${name} 출력이 없습니다`);
      }
      probabilities.push(Array.from(out.probabilities));
    }
    return { milliseconds, probabilities };
  };
}
