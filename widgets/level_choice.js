function render({ model, el }) {
  const name = `reflect-level-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "reflect-level";
  const legend = document.createElement("legend");
  legend.className = "reflect-level__name";
  const text = document.createElement("p");
  text.className = "reflect-level__text";
  const aspects = document.createElement("ul");
  aspects.className = "reflect-level__aspects";
  const options = document.createElement("div");
  options.className = "reflect-level__options";
  const status = document.createElement("span");
  status.className = "reflect-level__status";
  status.setAttribute("role", "status");
  fieldset.append(legend, text, aspects, options, status);
  el.replaceChildren(fieldset);
  let inputs = [];

  function check() {
    const value = model.get("value");
    inputs.forEach((input, index) => { input.checked = value === index + 1; });
  }
  function showStatus() { status.textContent = model.get("status"); }
  function build() {
    legend.textContent = model.get("description");
    text.textContent = model.get("text");
    const points = model.get("aspects");
    aspects.replaceChildren(...points.map((point) => {
      const item = document.createElement("li");
      item.textContent = point;
      return item;
    }));
    aspects.hidden = points.length === 0;
    inputs = model.get("labels").map((label, index) => {
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(index + 1);
      input.addEventListener("change", () => {
        if (!input.checked) return;
        model.set("value", index + 1);
        model.save_changes();
      });
      return input;
    });
    options.replaceChildren(...inputs.map((input, index) => {
      const option = document.createElement("label");
      option.className = "reflect-level__option";
      option.append(input, document.createTextNode(model.get("labels")[index]));
      return option;
    }));
    check();
  }
  const traits = ["description", "text", "aspects", "labels"];
  traits.forEach((trait) => model.on(`change:${trait}`, build));
  model.on("change:value", check);
  model.on("change:status", showStatus);
  build();
  showStatus();
  return () => {
    traits.forEach((trait) => model.off(`change:${trait}`, build));
    model.off("change:value", check);
    model.off("change:status", showStatus);
  };
}
export default { render };
