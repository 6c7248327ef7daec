// SQL migrations and resource tables are bundled as text (esbuild `loader: text`, a vite plugin in tests),
// so the app never has to find them on disk at run time.
declare module '*.sql' {
  const text: string;
  export default text;
}
declare module '*.csv' {
  const text: string;
  export default text;
}
