/**
 * The slice of React 18's API the console uses. @types/react is not installed (the server does not need it), so the
 * console declares what it calls; esbuild bundles the real react and react-dom from node_modules.
 */
declare module 'react' {
  export type ReactNode = ReactElement | string | number | boolean | null | undefined | ReactNode[];
  export interface ReactElement {
    readonly type: unknown;
    readonly props: unknown;
    readonly key: string | null;
  }
  export type SetState<T> = (value: T | ((previous: T) => T)) => void;
  export interface MutableRefObject<T> {
    current: T;
  }
  export interface Context<T> {
    Provider: (props: { value: T; children?: ReactNode }) => ReactElement;
  }
  export function useState<T>(initial: T | (() => T)): [T, SetState<T>];
  export function useState<T = undefined>(): [T | undefined, SetState<T | undefined>];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useLayoutEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useRef<T>(initial: T): MutableRefObject<T>;
  export function useRef<T = undefined>(): MutableRefObject<T | undefined>;
  export function useMemo<T>(factory: () => T, deps: readonly unknown[]): T;
  export function useCallback<T extends (...args: never[]) => unknown>(callback: T, deps: readonly unknown[]): T;
  export function useContext<T>(context: Context<T>): T;
  export function createContext<T>(initial: T): Context<T>;
  export function useSyncExternalStore<T>(subscribe: (onChange: () => void) => () => void, getSnapshot: () => T): T;
  export const Fragment: unique symbol;
  export const StrictMode: (props: { children?: ReactNode }) => ReactElement;
}

declare module 'react/jsx-runtime' {
  export const jsx: unknown;
  export const jsxs: unknown;
  export const Fragment: unknown;
}

declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}

declare namespace JSX {
  type Element = import('react').ReactElement;
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicAttributes {
    key?: string | number;
  }
  interface IntrinsicElements {
    [name: string]: Record<string, unknown>;
  }
}

declare module '*.css';
