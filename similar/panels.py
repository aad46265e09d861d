from .services import hit_rate


def routing(request):
    accepted, decided = hit_rate(request.user)
    if not decided:
        return None
    return {"accepted": accepted, "decided": decided, "rate": round(100 * accepted / decided)}
