(async (script, wasm) => {
	const islands = document.querySelectorAll("leptos-island");
	if (islands.length === 0) {
		document.body.dataset.hydrated = "true";
		return;
	}
	if (document.readyState !== "complete") {
		await new Promise((loaded) => addEventListener("load", loaded, { once: true }));
	}
	await new Promise((idle) => ("requestIdleCallback" in window ? requestIdleCallback(idle) : setTimeout(idle)));
	const bundle = await import(script);
	await bundle.default({ module_or_path: wasm });
	bundle.hydrate();
	// A lazy island's call fetches its own wasm (and what it shares with other lazy ones)
	// before hydrating it. All start at once, so the fetches overlap.
	await Promise.all(Array.from(islands, async (island) => {
		const hydrateIsland = bundle[island.dataset.component];
		if (hydrateIsland) {
			await hydrateIsland(island);
		} else {
			console.warn(`no island ${island.dataset.component} in the bundle`);
		}
	}));
})
