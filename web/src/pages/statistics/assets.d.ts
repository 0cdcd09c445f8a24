/** `import url from 'file?url'`: Vite copies the file into the build and gives its address. */
declare module '*?url' {
  const url: string;
  export default url;
}
