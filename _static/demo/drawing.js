// 그린 숫자를 MNIST 이미지처럼 만드는 전처리. Python의 cnn_course.drawing.preprocess와 같은 계산입니다.
// 1. 잉크가 있는 경계 상자만 잘라 냅니다.
// 2. 비율을 지키며 긴 변이 20픽셀이 되게 넓이 평균으로 줄이고(회색 가장자리), 20x20 상자 가운데에 둡니다.
// 3. 상자의 무게 중심이 28x28의 가운데(13.5, 13.5)에 오도록 정수 픽셀만큼 옮깁니다(0~8픽셀).

export const IMAGE_SIZE = 28;
export const BOX_SIZE = 20;

// ink: 잉크의 양(0~1) width*height개(행 우선). 돌려주는 값: Float64Array(784), 0~1.
export function preprocess(ink, width, height) {
  const result = new Float64Array(IMAGE_SIZE * IMAGE_SIZE);
  let top = height, bottom = -1, left = width, right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) return result;
  const h = bottom - top + 1, w = right - left + 1;
  const scale = Math.max(h, w) / BOX_SIZE;
  const rows = overlaps(h, scale), cols = overlaps(w, scale);
  // digit = rows @ crop @ cols^T / scale^2, 0이 아닌 겹침만 더합니다.
  const partial = new Float64Array(BOX_SIZE * w); // rows @ crop
  for (let i = 0; i < BOX_SIZE; i++) {
    for (const [j, amount] of rows[i]) {
      const base = (top + j) * width + left;
      for (let x = 0; x < w; x++) partial[i * w + x] += amount * ink[base + x];
    }
  }
  const digit = new Float64Array(BOX_SIZE * BOX_SIZE);
  let total = 0, rowMoment = 0, colMoment = 0;
  for (let i = 0; i < BOX_SIZE; i++) {
    for (let k = 0; k < BOX_SIZE; k++) {
      let sum = 0;
      for (const [j, amount] of cols[k]) sum += partial[i * w + j] * amount;
      const value = sum / (scale * scale);
      digit[i * BOX_SIZE + k] = value;
      total += value;
      rowMoment += value * i;
      colMoment += value * k;
    }
  }
  const limit = IMAGE_SIZE - BOX_SIZE;
  const place = (center) => Math.min(Math.max(Math.floor((IMAGE_SIZE - 1) / 2 - center + 0.5), 0), limit);
  const y0 = place(rowMoment / total), x0 = place(colMoment / total);
  for (let i = 0; i < BOX_SIZE; i++) {
    for (let k = 0; k < BOX_SIZE; k++) {
      result[(y0 + i) * IMAGE_SIZE + x0 + k] = Math.min(Math.max(digit[i * BOX_SIZE + k], 0), 1);
    }
  }
  return result;
}

// 작은 픽셀 i마다 [원래 픽셀 j, 겹치는 길이] 목록. 줄인 그림은 상자 가운데에 놓입니다.
function overlaps(length, scale) {
  const offset = (BOX_SIZE - length / scale) / 2;
  const result = [];
  for (let i = 0; i < BOX_SIZE; i++) {
    const start = (i - offset) * scale, end = start + scale;
    const pairs = [];
    for (let j = Math.max(0, Math.floor(start)); j < Math.min(length, Math.ceil(end)); j++) {
      const amount = Math.min(end, j + 1) - Math.max(start, j);
      if (amount > 0) pairs.push([j, amount]);
    }
    result.push(pairs);
  }
  return result;
}
