// The workspace's accessibility check, run inside the page (axe-core cannot be fetched here): WCAG 2.1 AA basics
// read from the DOM and the computed styles. Returns [{ rule, detail }], empty when the page passes.
// Run by AccessibilityCheck.cs; AccessibilityCheckTests proves each rule fails on a page that breaks it.
() => {
  const violations = [];
  const report = (rule, element, why) => violations.push({ rule, detail: `${describe(element)}: ${why}` });

  function describe(element) {
    if (!element || !element.tagName) return 'the document';
    let text = element.tagName.toLowerCase();
    if (element.id) text += `#${element.id}`;
    else if (element.getAttribute('name')) text += `[name="${element.getAttribute('name')}"]`;
    const words = (element.textContent || '').trim().replace(/\s+/g, ' ');
    return words ? `${text} "${words.slice(0, 40)}"` : text;
  }

  function rendered(element) {
    if (element.getClientRects().length === 0) return false;
    const style = getComputedStyle(element);
    return style.visibility !== 'hidden' && style.display !== 'none';
  }

  const textOf = ids => ids.split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id)?.textContent?.trim() ?? '').join(' ').trim();

  // html-lang: the page says its language.
  if (!document.documentElement.getAttribute('lang')?.trim()) {
    report('html-lang', document.documentElement, 'the html element has no lang attribute');
  }

  // duplicate-id: every id is unique (labels and aria-describedby find the wrong element otherwise).
  const seen = new Map();
  for (const element of document.querySelectorAll('[id]')) {
    seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count > 1) report('duplicate-id', document.getElementById(id), `the id "${id}" is used ${count} times`);
  }

  // label: every form field has an accessible name: label[for], an enclosing label, aria-label or aria-labelledby.
  for (const field of document.querySelectorAll('input, select, textarea')) {
    if (field.matches('input[type=hidden], input[type=submit], input[type=button], input[type=reset], input[type=image]')) continue;
    const byFor = field.id && [...document.querySelectorAll('label[for]')]
      .some(label => label.htmlFor === field.id && label.textContent.trim());
    const byWrap = field.closest('label')?.textContent.trim();
    const byAria = field.getAttribute('aria-label')?.trim();
    const byRef = field.getAttribute('aria-labelledby') && textOf(field.getAttribute('aria-labelledby'));
    if (!byFor && !byWrap && !byAria && !byRef) report('label', field, 'the field has no accessible name');
  }

  // image-alt: every image has alt text (empty for a decorative one); an SVG image has a name.
  for (const image of document.querySelectorAll('img')) {
    if (!image.hasAttribute('alt')) report('image-alt', image, `the image ${image.getAttribute('src') ?? ''} has no alt attribute`);
  }
  for (const svg of document.querySelectorAll('svg[role=img]')) {
    const named = svg.getAttribute('aria-label')?.trim()
      || (svg.getAttribute('aria-labelledby') && textOf(svg.getAttribute('aria-labelledby')))
      || svg.querySelector(':scope > title')?.textContent.trim();
    if (!named) report('image-alt', svg, 'the SVG image has no name');
  }

  // heading-order: the first heading is h1 and no heading skips a level below the one before it.
  let previous = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(heading.tagName[1]);
    if (previous === 0 && level !== 1) report('heading-order', heading, `the first heading is h${level}, not h1`);
    else if (level > previous + 1 && previous !== 0) report('heading-order', heading, `h${level} follows h${previous}, skipping a level`);
    previous = level;
  }

  // contrast: the text of every element that shows text is at least 4.5:1 against the background behind it.
  const parse = value => {
    const m = value.match(/rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\)/);
    if (!m) return null;
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = c => {
    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind an element: its own background and its ancestors', composed over white (the canvas).
  function backgroundOf(element) {
    const layers = [];
    for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    return layers.reverse().reduce((bottom, top) => over(top, bottom), { r: 255, g: 255, b: 255, a: 1 });
  }
  // An SVG text's background: the last filled rectangle painted before it that holds its middle, else the page's.
  function svgBackgroundOf(text) {
    const box = text.getBBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    let behind = null;
    for (const rect of text.ownerSVGElement.querySelectorAll('rect')) {
      if (!(rect.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const r = rect.getBBox();
      const fill = parse(getComputedStyle(rect).fill);
      if (fill && x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height) behind = fill;
    }
    const page = backgroundOf(text.ownerSVGElement);
    return behind ? over(behind, page) : page;
  }
  const checked = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || checked.has(element)) continue;
    if (element.closest('script, style, noscript, template, title, option')) continue;
    checked.add(element);
    if (!rendered(element)) continue;
    const style = getComputedStyle(element);
    const inSvg = element instanceof SVGElement;
    const colour = parse(inSvg ? style.fill : style.color);
    if (!colour) continue;
    const background = inSvg ? svgBackgroundOf(element) : backgroundOf(element);
    const contrast = ratio(over(colour, background), background);
    if (contrast < 4.5) {
      report('contrast', element, `text contrast ${contrast.toFixed(2)}:1 is below 4.5:1 (${inSvg ? style.fill : style.color} on rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)}))`);
    }
  }

  // focus-visible: every element the Tab key reaches shows an outline or a box-shadow while focused.
  const active = document.activeElement;
  const tabbable = 'a[href], button, input, select, textarea, summary, [tabindex]';
  for (const element of document.querySelectorAll(tabbable)) {
    if (element.tabIndex < 0 || element.disabled || element.matches('input[type=hidden]') || !rendered(element)) continue;
    element.focus({ preventScroll: true });
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    if (!outline && !shadow) report('focus-visible', element, 'no outline or box-shadow shows it has the focus');
  }
  document.activeElement?.blur?.();
  if (active && active !== document.body) active.focus({ preventScroll: true });

  return violations;
}
