// fit-frame.js: sizes posenc's <iframe> to the height its embed page reports (postMessage).
const frame = document.getElementById('posenc');
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.data?.type !== 'posenc:height') return;
  frame.height = String(e.data.height);
});
