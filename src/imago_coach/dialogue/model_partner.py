"""The partner played by a model, in character, through ``OpenAIChat`` and ``prompts/partner.md``.

The prompt is the system message; the character sheet, the transcript, the verdict and the
person's words travel only as delimited data in the user message. Any model fault raises
``ProviderError``; the session then carries on with the scripted partner.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imago_coach.dialogue.partner import Move, MoveContext, Said, ScriptedPartner
from imago_coach.errors import ProviderError
from imago_coach.prompts import Prompt, load_prompt, neutralise
from imago_coach.settings import Settings
from imago_coach.tokens import TokenCounter

if TYPE_CHECKING:
    from imago_coach.providers.openai_chat import OpenAIChat

SCHEMA_NAME = "imago_partner"
MAX_TURNS = 14  # the transcript sent is the last few turns, to stay inside the budget
TAGS = ("character", "transcript", "turn", "verdict", "message")


def _neutralise(text: str) -> str:
    """Keep the person's words from opening or closing our delimiting tags."""
    return neutralise(text, TAGS)


_INSTRUCTIONS: dict[Move, str] = {
    Move.APPOINT_ASK: "As the sender, ask for an appointment: is now a good time to talk?",
    Move.APPOINT_ACCEPT: "They asked for an appointment: say yes, now is a good time.",
    Move.OPEN: "As the sender, say your first message about the situation: an I-statement "
    "about what happened and how you feel.",
    Move.MORE: "They asked whether there is more. Add one thing you feel about this that you "
    "have not said yet.",
    Move.NO_MORE: "There is nothing more to add: say so warmly and ask them to sum up all of it.",
    Move.REACT: "React in character to their last answer, using the verdict: if its missed "
    'list names something you said, say "Not quite. I also said ..." (never when '
    "the list is empty); if they judged, fixed or defended, show it landed badly; if "
    "they added a meaning or a feeling you never said (the verdict's added list), say "
    "\"That's not quite what I said; I didn't say ...\"; only if they told their own "
    "story say it feels like it is about them now; if they got it, confirm warmly. "
    "At the validate stage, thank them for seeing that you make sense only if they "
    'said so ("you make sense", "I can see why", ...); if not, say gently that '
    "you are not sure they see it. At the empathize stage, confirm only the feelings "
    "they named that fit you, and add at most one feeling of your own. Never repeat a "
    "line you already said in the transcript.",
    Move.SWITCH: "You have been heard. Thank them and invite them to answer as the sender now.",
    Move.MIRROR_YOU: "You are the receiver. Mirror their message back in their words, then ask "
    '"Did I get that? Is there more?". If it blamed you, first say briefly '
    "that it stung.",
    Move.SUMMARY_YOU: "You are the receiver. Sum up everything they said as sender, in their "
    'words from your side ("Let me see if I got all of it. ..."), then ask '
    '"Did I get it all?". Leave out their confirmations ("yes, that\'s '
    'it").',
    Move.VALIDATE_YOU: 'You are the receiver. Validate them: "You make sense to me, because '
    '...", with a reason taken from what they said, not from your own side.',
    Move.EMPATHIZE_YOU: "You are the receiver. Name the feelings they named, in their words, "
    'and at most one more you imagine, tentatively: "I imagine you might '
    'feel ... Is that right?"',
    Move.ANSWER_REQUEST: "They made a behaviour-change request. The verdict says whether it is "
    "specific, positive, doable and time-limited: if it is, agree warmly; "
    "if not, ask kindly for exactly what its problems list says is missing "
    "and nothing else (never ask about a quality marked true).",
}
# Moves played from the script as they are: fixed lines, options kept as written, and the
# replies whose presence the dialogue's flow depends on.
_SCRIPTED = (Move.REQUEST, Move.THANKS, Move.REPLY_SUMMARY, Move.REPLY_EMPATHY, Move.ASK_REQUEST)


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    say: str = Field(description="What you say, in character.")


def _format(model: type[BaseModel]) -> dict[str, Any]:
    from imago_coach.providers.schema import strict_schema

    schema = strict_schema(model)
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": schema},
    }


class ModelPartner:
    """Plays the partner through a model; the scripted partner supplies the fixed lines."""

    def __init__(
        self,
        settings: Settings,
        scenario_script: ScriptedPartner,
        chat: OpenAIChat | None = None,
        prompt: Prompt | None = None,
    ) -> None:
        if chat is None:
            from imago_coach.providers.openai_chat import OpenAIChat

            chat = OpenAIChat(settings)
        self.settings = settings
        self.script = scenario_script
        self.name = scenario_script.name
        self.chat = chat
        self.prompt = prompt or load_prompt("partner")
        self.counter = TokenCounter(settings.model)

    def say(self, cue: MoveContext) -> list[Said]:
        if cue.move in _SCRIPTED:
            return self.script.say(cue)
        instruction = _INSTRUCTIONS[cue.move]
        if cue.again and cue.move == Move.ANSWER_REQUEST:
            instruction += (
                " This was their last try: say yes to it, and name gently what could "
                "be sharper next time."
            )
        elif cue.again:
            instruction += (
                ' This was their second try at this step: do not say "Not quite" '
                "again; thank them for trying again."
            )
        data = self._ask(cue, instruction, _Line)
        stage = self.script.say(cue)[0].stage
        return [Said(stage, _Line.model_validate(data).say)]

    def messages(self, cue: MoveContext, instruction: str) -> list[dict[str, str]]:
        s = cue.scenario
        sheet: dict[str, object] = {
            "name": s.partner.name,
            "temperament": s.partner.temperament,
            "topic": s.topic,
            "your_opening": s.send.opening,
            "more_you_could_say": s.send.more,
            "their_side": s.you.situation,
        }
        if s.name == "topic":  # their own topic: you speak for yourself about it, in character
            sheet = {
                "name": s.partner.name,
                "temperament": s.partner.temperament,
                "topic_they_raised": s.topic,
                "your_side": "your own view and feelings about this topic, in your own "
                "words; never repeat their complaint as if it were yours",
            }
            if s.partner_says:
                sheet["what_they_expect_you_to_say"] = s.partner_says
        turns = "\n".join(
            f"<turn speaker={json.dumps(_neutralise(t.speaker), ensure_ascii=False)}>"
            f"{_neutralise(t.text)}</turn>"
            for t in cue.transcript[-MAX_TURNS:]
        )
        parts = [
            f"<character>\n{_neutralise(json.dumps(sheet, ensure_ascii=False))}\n</character>",
            f"<transcript>\n{turns}\n</transcript>",
        ]
        if cue.verdict is not None:
            verdict = json.dumps(cue.verdict.model_dump(mode="json"))
            parts.append(f"<verdict>\n{_neutralise(verdict)}\n</verdict>")
        if cue.text:
            parts.append(f"<message>\n{_neutralise(cue.text)}\n</message>")
        elif cue.your_msgs:
            said = "\n".join(cue.your_msgs)
            parts.append(f"<message>\n{_neutralise(said)}\n</message>")
        parts.append(f"Move to play now: {instruction}")
        return [
            {"role": "system", "content": self.prompt.text},
            {"role": "user", "content": "\n\n".join(parts)},
        ]

    def _ask(self, cue: MoveContext, instruction: str, model: type[BaseModel]) -> dict[str, Any]:
        messages = self.messages(cue, instruction)
        counted = self.counter.over_budget(messages, self.settings.max_input_tokens)
        if counted is not None:
            raise ProviderError(
                f"the partner's request is {counted} tokens, over the limit of "
                f"{self.settings.max_input_tokens}"
            )
        result = self.chat.complete(messages, _format(model), max_tokens=400)
        if result.refusal or result.finish_reason in ("length", "content_filter"):
            raise ProviderError(f"the partner's answer was unusable ({result.finish_reason})")
        try:
            data = json.loads(result.content or "")
            model.model_validate(data)
        except (json.JSONDecodeError, ValidationError):
            raise ProviderError("the partner's answer was not the JSON asked for") from None
        if not isinstance(data, dict) or not all(str(v).strip() for v in data.values()):
            raise ProviderError("the partner's answer was empty")
        return data
