// Preloaded into every child of the launcher: exit when the launcher is gone (killed with SIGKILL),
// so nothing keeps the port or the database busy.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
