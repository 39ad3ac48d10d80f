// Entry of the web app: start the engine worker, mount the page.
import "./zod-jitless.ts";
import { h, render } from "preact";
import { App } from "./app.ts";
import { EngineClient } from "./engine-client.ts";
import "./style.css";

const root = document.getElementById("app");
if (root) render(h(App, { client: new EngineClient() }), root);
