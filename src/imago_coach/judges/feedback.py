"""The words of the local judge's feedback: explanations, suggestions, strengths, rewrites.

Warm, brief, specific, never scolding: people read this right before a hard conversation.
"""

from __future__ import annotations

import re

from imago_coach.judges.lexicon import FEELING_HINTS, FEELINGS
from imago_coach.judges.patterns import rx
from imago_coach.judges.text import sentences, swap_perspective, words
from imago_coach.models import Flag, Stage

# (explanation, suggestion) for each cue kind.
EXPLAIN: dict[str, tuple[str, str]] = {
    "advice": (
        "Advice, even kind advice, tells your partner you want to fix it rather than hear it; "
        "in the dialogue, understanding comes first.",
        "Leave the fix for later; say back what you heard and ask \u201cIs there more?\u201d",
    ),
    "question_advice": (
        "A suggestion phrased as a question is still advice: it moves you from listening to "
        "fixing.",
        "Hold the idea for now; stay curious about their experience instead.",
    ),
    "commitment": (
        "Promising a fix is generous, but it closes the conversation before your partner feels "
        "fully heard; changes belong to the behaviour-change request at the end.",
        "Hold the offer; first make sure they feel understood.",
    ),
    "label": (
        "A label tells your partner their feeling is wrong, and makes it less safe to share.",
        "Drop the label and give back the feeling in their own words: \u201cYou felt\u2026\u201d",
    ),
    "curt": (
        "A one-word reply can sound like a shrug when your partner has just opened up; it "
        "tells them you are not really with them.",
        "Give back what they said, in their words: \u201cSo if I got it, \u2026\u201d",
    ),
    "blame": (
        "Blame (\u201cyou should have\u2026\u201d, \u201cwhy did you\u2026\u201d) invites a "
        "defence instead of opening your partner up.",
        "Describe what you heard, not what they did wrong.",
    ),
    "minimise": (
        "Shrinking the problem (\u201cit's only\u2026\u201d, \u201cat least\u2026\u201d) tells "
        "your partner their feeling doesn't count.",
        "Let the feeling be as big as it is for them: \u201cThat really mattered to you.\u201d",
    ),
    "downgrade": (
        "Making the feeling smaller than they said (\u201ca little\u2026\u201d) tells your partner "
        "it is not as big as it is for them.",
        "Use their own word for the feeling, at full size.",
    ),
    "motive": (
        "Guessing at hidden motives puts your story in place of theirs; the dialogue stays with "
        "what they said.",
        "Ask rather than diagnose: \u201cCan you tell me more about that?\u201d",
    ),
    "sarcasm": (
        "Sarcasm and eye-rolling lines land as contempt, which shuts a conversation down fast.",
        "Say it plainly, or leave it out and mirror what you heard.",
    ),
    "moralise": (
        "Telling your partner how they ought to be turns the dialogue into a verdict; you are "
        "visiting their world, not grading it.",
        "Set the judgement aside and reflect what it is like for them.",
    ),
    "own_story": (
        "Your own story can wait for your turn as sender; right now the space belongs to your "
        "partner.",
        "Come back to their words: \u201cSo for you, \u2026\u201d",
    ),
    "counter": (
        "A counter-complaint turns their turn into yours; your chance to send comes after the "
        "switch.",
        "Note your side for later and stay with what they said.",
    ),
    "rebuttal": (
        "Correcting the facts tells your partner their experience is wrong; you can mirror "
        "their reality even where yours differs.",
        "Mirror how it was for them, without the correction.",
    ),
    "new_subject": (
        "This opens a new subject; the dialogue works one topic at a time.",
        "Stay with what they brought; the other subject can have its own dialogue.",
    ),
    "interpretation": (
        "This adds a meaning they didn't say; a mirror gives back their words, not your reading "
        "of them.",
        "Take out the interpretation and use their own words.",
    ),
    "added": (
        "This part wasn't in what they said, so the mirror drifts toward your view.",
        "Keep the mirror to their words; you can ask about this later.",
    ),
    "off_topic": (
        "This answers about something other than what they said.",
        "Start from their words: \u201cWhat I heard you say is\u2026\u201d",
    ),
    "yes_but": (
        "The \u201cbut\u201d takes back the understanding you just gave; your partner will "
        "hear only what comes after it.",
        "End at the validation: \u201cYou make sense, because \u2026\u201d, full stop.",
    ),
    "added_feeling": (
        "This names a feeling they didn't mention; in a mirror, feelings come back only if they "
        "said them (you can offer yours at the empathy step).",
        "Mirror the feelings they named, in their words.",
    ),
    "learned_judgement": (
        "This may land as a judgement of your partner rather than a reflection of what they "
        "said; even a light remark can sting when they are opening up.",
        "Read it as they would hear it, and keep only what reflects their words.",
    ),
    "learned_solution": (
        "This reads like a fix or a plan; in the dialogue, understanding comes before solutions.",
        "Hold the idea for later and stay with their experience.",
    ),
    "learned_topic_change": (
        "This seems to move away from what they said, toward your side or something new.",
        "Come back to their words: \u201cWhat I heard you say is\u2026\u201d",
    ),
    "defend": (
        "Explaining yourself is natural, but it moves the focus to you; your side will have "
        "its turn.",
        "Breathe, park the explanation, and reflect what they said.",
    ),
}
SEND_EXPLAIN: dict[str, tuple[str, str]] = {
    "judgement": (
        "Blame, labels and \u201calways/never\u201d make your partner defend rather than hear "
        "you.",
        "Use an I-statement: \u201cI feel \u2026 when \u2026\u201d",
    ),
    "solution": (
        "Telling your partner what to do lands as an order; a small, specific request lands "
        "better, at the end.",
        "Share how it is for you first; save the request for the behaviour-change step.",
    ),
    "topic_change": (
        "After the switch, the new sender answers what was said before bringing something new.",
        "Respond to what your partner said: \u201cWhen you said \u2026, I felt \u2026\u201d",
    ),
}

STAGE_HEART: dict[Stage, str] = {
    Stage.MIRROR: "a mirror gives back their words, as close as you can, then checks in",
    Stage.VALIDATE: "validation says \u201cyou make sense\u201d with a reason from their logic",
    Stage.EMPATHIZE: "empathy names the feelings they might have, tentatively",
    Stage.SEND: "a sender speaks for themselves, one topic at a time, without blame",
}
FLAG_PHRASES: dict[Flag, str] = {
    Flag.JUDGEMENT: "leave out the judgement",
    Flag.SOLUTION: "hold back the advice",
    Flag.TOPIC_CHANGE: "stay on their topic",
    Flag.DEFENSIVENESS: "park your own explanation",
}


def explain(kind: str, flag: Flag, stage: Stage) -> tuple[str, str]:
    if stage == Stage.SEND and flag.value in SEND_EXPLAIN:
        return SEND_EXPLAIN[flag.value]
    return EXPLAIN[kind]


def _lower_first(text: str) -> str:
    if text.startswith("I ") or text.startswith("I'"):
        return text
    return text[:1].lower() + text[1:]


_OPENERS = rx(
    r"^(?:(?:yes|yeah|yep|no|nope|well|so|okay|ok|right|and|also|um|uh|erm|hmm|honestly|"
    r"(?:and )?another thing|there's more|yes,? there's more|and there's more)[,.!?:]*\s+)+")


# Sentences that are not content to give back: confirmations and check-ins.
_ASIDE = rx(
    r"^\W*(?:yes|yeah|yep|no|nope|okay|ok|sure|right|mm+|that's (?:it|all|right)|there's more|"
    r"you got it|exactly)\W*(?:(?:that's|there's) (?:it|all|more)\W*)?$")


def _core(sender: str, max_words: int = 60) -> str:
    """The sender's words in the receiver's voice, trimmed to a few sentences."""
    sender = _OPENERS.sub("", sender.strip()) or sender
    parts: list[str] = []
    count = 0
    said = [s for s in sentences(sender) if not _ASIDE.match(s) and not s.rstrip().endswith("?")]
    for sentence in said or sentences(sender):
        n = len(sentence.split())
        if parts and count + n > max_words:
            break
        parts.append(sentence)
        count += n
    text = swap_perspective(" ".join(parts)).strip()
    return _lower_first(text.rstrip(".!?\u2026 ")) if text else text


_PHRASE_FEELINGS = rx(
    r"\b(?:left out|shut out|fed up|worn out|taken for granted|let down|brushed off|put down|"
    r"second best|second place|on my own)\b")


def feelings_for(sender: str) -> list[str]:
    """Feelings to name back: the sender's own feeling words first, then likely ones."""
    found: list[str] = [m.group(0).lower() for m in _PHRASE_FEELINGS.finditer(sender)]
    for word in words(_PHRASE_FEELINGS.sub(" ", sender)):
        if word in FEELINGS and word not in found:
            found.append(word)
    for word in words(sender):
        for hint in FEELING_HINTS.get(word, ()):
            if hint not in found:
                found.append(hint)
    return (found or ["hurt", "alone with this"])[:3]


def rewrite(stage: Stage, sender: str) -> str:
    core = _core(sender)
    if stage == Stage.MIRROR:
        return f"So if I got it, {core}. Did I get that? Is there more?"
    if stage == Stage.VALIDATE:
        told = core[:1].upper() + core[1:]
        return f"You make sense. {told}; of course that would be hard for you."
    if stage == Stage.EMPATHIZE:
        named = feelings_for(sender)
        listed = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
        return f"I imagine you might feel {listed}. Is that how you feel?"
    return "When you said that, I felt \u2026, because \u2026 What I'd love is \u2026"


def quote(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
