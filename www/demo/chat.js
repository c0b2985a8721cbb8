// Demo live chat: plain Enter sends the message (Shift+Enter is a new line, and an Enter that
// ends an IME composition only picks the text), as chat composers do; so does Send. The
// message joins the log. It knows Rapport only from the outside.
const input = document.getElementById('chat-input');
const log = document.querySelector('.chat-log');

function send() {
  const text = input.value.trim();
  if (!text) return;
  const item = document.createElement('li');
  item.className = 'message agent';
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = 'Jordan';
  const when = document.createElement('span');
  when.className = 'when';
  when.textContent = new Date().toTimeString().slice(0, 5);
  const body = document.createElement('p');
  body.textContent = text;
  item.append(who, when, body);
  log.append(item);
  input.value = '';
}

input.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
  e.preventDefault();
  send();
});
document.getElementById('chat-send').addEventListener('click', send);
