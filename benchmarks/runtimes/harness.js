// 런타임마다 같은 방법으로 잽니다. 쪽이 열리면 곧바로 `setup()`(런타임 준비, 가중치 내려받기)을 하고
// 빈 28×28 이미지로 첫 예측을 한 뒤, 그때까지의 시간을 window.bench로 알립니다.
// performance.now()는 탐색 시작(쪽을 열기 시작한 때)부터 잰 밀리초입니다.
// compare.py는 그다음 window.predictAll(images)로 테스트 이미지마다 예측 시간과 확률을 받습니다.

export function run(setup) {
  let predict = null;
  window.bench = (async () => {
    const started = performance.now();  // 이 모듈이 실행되기 시작한 때(HTML과 스크립트를 받은 뒤)
    predict = await setup();
    const ready = performance.now();
    const first = await predict(new Float32Array(784));
    const firstPrediction = performance.now();
    if (first.probabilities.length !== 10) throw new Error("확률이 10개가 아닙니다");
    return { started, ready, firstPrediction };
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
