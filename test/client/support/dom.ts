export function query<T extends Element = HTMLElement>(root: HTMLElement, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}

export function text(root: HTMLElement, selector: string): string {
  return (query(root, selector).textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function typeInto(root: HTMLElement, selector: string, value: string): void {
  const input = query<HTMLInputElement>(root, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

export function choose(root: HTMLElement, selector: string, value: string): void {
  const select = query<HTMLSelectElement>(root, selector);
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

export function click(root: HTMLElement, selector: string): void {
  query<HTMLElement>(root, selector).click();
}
