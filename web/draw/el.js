// el.js: one HTML element in one call, the page's only element builder.
//
//   el('a', { className: 'brand', href: './' }, el('span', { textContent: 'posenc' }))
// props are assigned as DOM properties (textContent, className, href, type, …), never as HTML;
// children are nodes or strings (strings become text nodes).
// Leaves out: SVG elements (svg.js) and attributes without a property (set them on the result).

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}
